// The HTTP contract suite against the Node server on a real port (127.0.0.1), over the fixture
// site written to a temp folder, with the disk-only traps (secrets beside it, symlinks out).
import { startFeedServer } from '../../src/runtime/node/server/server.js';
import { tempDir } from '../helpers/cli.js';
import { rawGet } from '../serve/fixtures.js';
import { writeSampleOutput } from './fixture-disk.js';
import { CONTRACT_MAX_AGE, httpContractSuite } from './contract-suite.js';

httpContractSuite('node', async () => {
  const tmp = await tempDir('feedwatch-http-');
  const { out } = await writeSampleOutput(tmp.dir);
  const server = await startFeedServer({ root: out, host: '127.0.0.1', port: 0, maxAge: CONTRACT_MAX_AGE });
  const base = `http://127.0.0.1:${server.port}`;
  return {
    fetch: (path, init) => fetch(base + path, init),
    raw: (target) => rawGet(server.port, target),
    close: async () => {
      await server.close();
      await tmp.cleanup();
    },
  };
}, { rawTargets: true });
