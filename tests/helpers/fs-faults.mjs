// Injected storage faults for child processes: `node --import ./tests/helpers/fs-faults.mjs`, with
// FEEDWATCH_TEST_FAULT=<CODE>:<folder>. Writes below <folder> then fail as a full or read-only disk
// would: EROFS when a file or folder is made, ENOSPC part way through writing a file's bytes.
// Only fs/promises is wrapped (every write of feedwatch's outputs goes through it); SQLite writes
// natively and is faulted with a real small tmpfs instead (tests/stress).
import { createRequire, syncBuiltinESMExports } from 'node:module';

const require = createRequire(import.meta.url);
const fsp = require('node:fs/promises');
const [code, folder] = (process.env.FEEDWATCH_TEST_FAULT ?? '').split(/:(.*)/s);
const MESSAGES = { EROFS: 'read-only file system', ENOSPC: 'no space left on device' };
const ERRNO = { EROFS: -30, ENOSPC: -28 };

if (code && folder) {
  const below = (path) => String(path).startsWith(folder);
  const fault = (syscall, path) =>
    Object.assign(new Error(`${code}: ${MESSAGES[code]}, ${syscall} '${path}'`), { code, errno: ERRNO[code], syscall, path: String(path) });
  const writes = (flags) => typeof flags === 'string' && /[wa+]/.test(flags);

  const open = fsp.open;
  fsp.open = async function (path, flags, mode) {
    if (below(path) && writes(flags) && code === 'EROFS') throw fault('open', path);
    const handle = await open.call(this, path, flags, mode);
    if (below(path) && writes(flags) && code === 'ENOSPC') {
      // Half the bytes reach the disk, then the device is full.
      handle.writeFile = async (data) => {
        const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data);
        await handle.write(bytes.subarray(0, bytes.length >> 1));
        throw fault('write', path);
      };
    }
    return handle;
  };
  const mkdir = fsp.mkdir;
  fsp.mkdir = async function (path, options) {
    if (below(path) && code === 'EROFS') {
      // A folder that exists is fine (mkdir -p); making one is not.
      const exists = await fsp.stat(path).then((s) => s.isDirectory(), () => false);
      if (!exists) throw fault('mkdir', path);
      return undefined;
    }
    return mkdir.call(this, path, options);
  };
  syncBuiltinESMExports();
}
