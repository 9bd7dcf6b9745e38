// What the Worker's HTTP tests get from tests/http/worker-fixture-setup.ts, which runs in Node
// before them. No node:* here: the tests inside workerd import it too.

export interface WorkerFixture {
  /** The fixture site on disk, prepared as build:worker prepares .worker-assets/. */
  assetsDir: string;
  /** What the preparation left out of the upload (.assetsignore beyond dotfiles). */
  ignored: string[];
  /** The Node server over the same folder, for comparing answers (`http://127.0.0.1:<port>`). */
  nodeUrl: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    workerFixture: WorkerFixture | { error: string };
  }
}
