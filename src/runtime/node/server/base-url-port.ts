// Self links, the OPML list and the alerts feed are made from `baseUrl`, not from where the server
// listens. When baseUrl names this machine (localhost, 127.x, ::1) on another port than the server's,
// a reader that follows those links reaches nothing, or another program: worth a warning at start.

function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(h) || h === '::1' || h === '0:0:0:0:0:0:0:1';
}

function portOf(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/**
 * The warning to print, or null when baseUrl is not a loopback address or its port is the server's.
 * `--port 0` (any free port, as tests use) cannot be known when building, so it is not warned about.
 */
export function baseUrlPortWarning(baseUrl: string, port: number, command: string): string | null {
  if (port === 0) return null;
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return null;
  }
  if (!isLoopback(url.hostname) || portOf(url) === port) return null;
  const fixed = new URL(baseUrl);
  fixed.port = String(port);
  // `serve` takes no --base-url: the links are in the files `build` wrote.
  const rebuild = command === 'serve' ? `build again with --base-url ${fixed.href}` : `pass --base-url ${fixed.href}`;
  return (
    `feedwatch: [${command}] warning: baseUrl is ${url.href} but the server listens on port ${port}: ` +
    `feed self links, the OPML list and the alerts feed are made from baseUrl, so they point to port ${portOf(url)}, where this server is not. ` +
    `To fix it, ${rebuild} (or set "baseUrl" in feedwatch.config.json), or serve with --port ${portOf(url)}.`
  );
}
