// What a runtime needs to serve the published folder: the handler, the port it implements, and
// the helpers its source uses to describe files the same way everywhere. No node:* below here.
export { createServeHandler, servesFiles, type ServeHandler, type ServeOptions } from './handler.js';
export { describeFile, contentHash, codingsFor, MIN_COMPRESS_BYTES } from './describe.js';
export { contentDateOf, parseContentDates } from './content-dates.js';
export { contentTypeFor, isCompressible } from './content-type.js';
export { etagFor, ALL_CODINGS, IDENTITY_ONLY } from './negotiate.js';
export { ALLOWED_METHODS, internalError } from './pages.js';
export { parseManifest, manifestEntry, foldersOf, copyPath, MANIFEST_PATH, MANIFEST_VERSION, PREPARED_DIR, type AssetManifest, type ManifestEntry } from './manifest.js';
export { MemorySource, type MemoryFile } from './memory-source.js';
export type * from './types.js';
