// A page reading thread for tests/links/html-readers.test.ts that dies on the first pages it gets,
// without answering: as a thread that crashed would.
import { parentPort } from 'node:worker_threads';

parentPort.once('message', () => process.exit(1));
