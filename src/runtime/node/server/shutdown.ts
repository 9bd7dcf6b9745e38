// Long-running commands stop on SIGTERM/SIGINT or when the caller's signal aborts (tests,
// embedding). They then finish what they are writing and return, rather than exiting mid-write.

export interface Shutdown {
  /** Aborted when the process is asked to stop. Hand it to work that should wind down. */
  signal: AbortSignal;
  /** Resolves with the reason once stopping was asked for. */
  requested: Promise<string>;
  /** Removes the process signal handlers. */
  dispose(): void;
}

export function listenForShutdown(outer: AbortSignal): Shutdown {
  const controller = new AbortController();
  let resolveRequested!: (reason: string) => void;
  const requested = new Promise<string>((resolve) => (resolveRequested = resolve));
  const stop = (reason: string) => {
    if (controller.signal.aborted) {
      if (reason !== 'aborted') {
        // A second signal: the person means it. Files are written atomically (temporary file,
        // then rename) and SQLite keeps a journal, so leaving now loses no finished write.
        process.stderr.write(`feedwatch: ${reason} again: exiting without waiting\n`);
        process.exit(reason === 'SIGINT' ? 130 : 143); // 128 + the signal number, as shells report it
      }
      return;
    }
    controller.abort(new Error(reason));
    resolveRequested(reason);
  };
  const onTerm = () => stop('SIGTERM');
  const onInt = () => stop('SIGINT');
  const onOuter = () => stop('aborted');
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onInt);
  if (outer.aborted) onOuter();
  else outer.addEventListener('abort', onOuter, { once: true });
  return {
    signal: controller.signal,
    requested,
    dispose() {
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      outer.removeEventListener('abort', onOuter);
    },
  };
}
