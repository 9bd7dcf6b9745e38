// Every setting of every command, in one table: its type, default, flag, environment variable
// and description. From it come validation, `--help`, and the JSON Schema for editors.
// Precedence: command-line flag, then environment variable, then config file, then default.
// In the Worker, wrangler `vars` are passed as the environment.
import { ConfigError } from './errors.js';
import { coerce, invalid } from './config-values.js';
import { didYouMean } from './suggest.js';
import { ignorePatternProblem } from './ignore-pattern.js';

export { didYouMean, editDistance } from './suggest.js';

export type SettingType = 'string' | 'url' | 'integer' | 'number' | 'boolean' | 'cron' | 'timezone' | 'json';

export interface SettingDef {
  /** Dotted path in feedwatch.config.json, e.g. `check.perHost`. */
  key: string;
  type: SettingType;
  default: unknown;
  /** Long flag without dashes. */
  flag: string;
  env: string;
  description: string;
  min?: number;
  max?: number;
  /** For `json` settings: a JSON Schema fragment, also used to check the shape. */
  schema?: Record<string, unknown>;
  /**
   * For `json` settings: what the schema cannot say, one `<key path>: <what>` line per problem.
   * Given the value even when its shape is wrong (so every problem is reported in one run).
   */
  validate?: (value: unknown) => string[];
  /** Commands the setting applies to (for help). */
  commands: readonly string[];
  /** May hold a credential (a token in a header or a webhook URL): messages never show its value. */
  secret?: boolean;
  /**
   * What the flag takes, as `--flag DIR` in help and messages. Default from the type: URL, JSON,
   * CRON, TZ; for integers MS when the key ends in Ms, else N; for strings TEXT.
   */
  valueName?: string;
}

const BUILD = ['build', 'run', 'start'] as const;
const CHECK = ['check', 'run', 'start'] as const;
const SERVE = ['serve', 'run', 'start'] as const;
const ALL = ['build', 'check', 'serve', 'run', 'start', 'fix'] as const;

const IGNORE_PATTERN = 'A URL prefix, or a regular expression between slashes: /^https:\\/\\/example\\.com\\//';

const ignoreRule = {
  type: 'array',
  items: {
    type: 'object',
    required: ['pattern', 'reason'],
    additionalProperties: false,
    properties: {
      pattern: { type: 'string', minLength: 1, description: IGNORE_PATTERN },
      reason: { type: 'string' },
    },
  },
};

/** Patterns that would crash the checker (a regular expression that does not compile) or match every link (""). */
function ignorePatternProblems(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((rule: unknown, i) => {
    const pattern = (rule as { pattern?: unknown } | null)?.pattern;
    const problem = typeof pattern === 'string' ? ignorePatternProblem(pattern) : null;
    return problem ? [`check.ignore[${i}].pattern: ${problem} (got ${JSON.stringify(pattern)}). ${IGNORE_PATTERN}.`] : [];
  });
}

const muteRule = {
  type: 'array',
  items: {
    type: 'object',
    required: ['url', 'reason'],
    additionalProperties: false,
    properties: {
      url: { type: 'string' },
      reason: { type: 'string' },
      until: { type: 'string', description: 'ISO 8601 date; the mute expires then' },
    },
  },
};

/** Host name → header name → value. Names are checked too: a malformed one may be a pasted token. */
const headersSchema = {
  type: 'object',
  propertyNames: { pattern: '^[A-Za-z0-9._:\\[\\]-]+$', description: 'a host name as in the URL (example.com, 127.0.0.1, [::1])' },
  additionalProperties: {
    type: 'object',
    propertyNames: { pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$", description: 'a header name (RFC 9110 token: letters, digits and !#$%&\'*+-.^_`|~)' },
    additionalProperties: { type: 'string', pattern: '^[^\\r\\n\\u0000]*$', description: 'a header value on one line' },
  },
};

export const SETTINGS: readonly SettingDef[] = [
  // --- where things are
  { key: 'feeds', type: 'string', default: 'feeds', flag: 'feeds', env: 'FEEDWATCH_FEEDS', description: 'Folder of feed content (one subfolder per feed).', valueName: 'DIR', commands: [...ALL, 'new', 'import'] },
  { key: 'out', type: 'string', default: 'public', flag: 'out', env: 'FEEDWATCH_OUT', description: 'Output folder for built feeds and health reports.', valueName: 'DIR', commands: ALL },
  { key: 'state', type: 'string', default: '.feedwatch/state.db', flag: 'state', env: 'FEEDWATCH_STATE', description: 'SQLite file that keeps link state between checks.', valueName: 'FILE', commands: [...CHECK, 'build', 'fix'] },
  // --- publishing
  { key: 'baseUrl', type: 'url', default: 'http://localhost:8787/', flag: 'base-url', env: 'FEEDWATCH_BASE_URL', description: 'Public base URL where the output folder is served; feed self links are made from it.', commands: [...BUILD, 'check'] },
  { key: 'idAuthority', type: 'string', default: null, flag: 'id-authority', env: 'FEEDWATCH_ID_AUTHORITY', description: 'Tagging authority for permanent tag: URIs (RFC 4151), e.g. "sbhss.eu,2018"; idAuthority in a feed.yaml wins for that feed. Default: the feed link\'s host and 2000. Never change it once published.', valueName: 'AUTHORITY', commands: [...BUILD, 'import'] },
  { key: 'archiveSize', type: 'integer', default: 50, min: 1, max: 10000, flag: 'archive-size', env: 'FEEDWATCH_ARCHIVE_SIZE', description: 'Items in the main feed document and in each RFC 5005 archive page.', commands: BUILD },
  { key: 'robustLinks', type: 'boolean', default: false, flag: 'robust-links', env: 'FEEDWATCH_ROBUST_LINKS', description: 'Decorate cited links in feed content as Robust Links (data-versionurl, data-versiondate) from the state file.', commands: BUILD },
  { key: 'iframeHosts', type: 'json', default: [], flag: 'iframe-hosts', env: 'FEEDWATCH_IFRAME_HOSTS', description: 'Host names whose iframes item HTML keeps, e.g. ["www.youtube-nocookie.com"] (JSON array); every other iframe is removed.', schema: { type: 'array', items: { type: 'string' } }, commands: BUILD },
  { key: 'websub.hubs', type: 'json', default: [], flag: 'websub-hubs', env: 'FEEDWATCH_WEBSUB_HUBS', description: 'WebSub hub URLs to declare in feeds and ping when a build changes a feed (JSON array).', schema: { type: 'array', items: { type: 'string', format: 'uri' } }, commands: BUILD },
  // --- checking
  { key: 'check.allowPrivate', type: 'boolean', default: false, flag: 'allow-private', env: 'FEEDWATCH_ALLOW_PRIVATE', description: 'Let the checker reach private, loopback and link-local addresses (off: SSRF guard).', commands: [...CHECK, 'import'] },
  { key: 'check.concurrency', type: 'integer', default: 64, min: 1, max: 512, flag: 'concurrency', env: 'FEEDWATCH_CONCURRENCY', description: 'Links checked at once, over all hosts.', commands: CHECK },
  { key: 'check.perHost', type: 'integer', default: 2, min: 1, max: 64, flag: 'per-host', env: 'FEEDWATCH_PER_HOST', description: 'Requests at once to one host.', commands: CHECK },
  { key: 'check.minIntervalMs', type: 'integer', default: 0, min: 0, max: 600000, flag: 'min-interval', env: 'FEEDWATCH_MIN_INTERVAL_MS', description: 'Minimum milliseconds between two requests to one host.', commands: CHECK },
  { key: 'check.connectTimeoutMs', type: 'integer', default: 10000, min: 100, max: 600000, flag: 'connect-timeout', env: 'FEEDWATCH_CONNECT_TIMEOUT_MS', description: 'Milliseconds to open a connection.', commands: CHECK },
  { key: 'check.firstByteTimeoutMs', type: 'integer', default: 15000, min: 100, max: 600000, flag: 'first-byte-timeout', env: 'FEEDWATCH_FIRST_BYTE_TIMEOUT_MS', description: 'Milliseconds to wait for response headers.', commands: CHECK },
  { key: 'check.timeoutMs', type: 'integer', default: 30000, min: 100, max: 3600000, flag: 'timeout', env: 'FEEDWATCH_TIMEOUT_MS', description: 'Milliseconds for one whole check of one link, retries and redirects included.', commands: CHECK },
  { key: 'check.retries', type: 'integer', default: 2, min: 0, max: 10, flag: 'retries', env: 'FEEDWATCH_RETRIES', description: 'Retries for 5xx, 408, 429 and network errors, with exponential backoff and jitter.', commands: CHECK },
  { key: 'check.retryBaseMs', type: 'integer', default: 500, min: 0, max: 60000, flag: 'retry-base', env: 'FEEDWATCH_RETRY_BASE_MS', description: 'First retry delay in milliseconds; each further retry doubles it (with jitter).', commands: CHECK },
  { key: 'check.retryAfterCapMs', type: 'integer', default: 60000, min: 0, max: 3600000, flag: 'retry-after-cap', env: 'FEEDWATCH_RETRY_AFTER_CAP_MS', description: 'Longest Retry-After the checker will wait, in milliseconds.', commands: CHECK },
  { key: 'check.maxBodyBytes', type: 'integer', default: 2097152, min: 1024, max: 104857600, flag: 'max-body', env: 'FEEDWATCH_MAX_BODY_BYTES', description: 'Bytes of a page read (after decompression); the rest is dropped.', valueName: 'BYTES', commands: CHECK },
  { key: 'check.maxRedirects', type: 'integer', default: 10, min: 0, max: 50, flag: 'max-redirects', env: 'FEEDWATCH_MAX_REDIRECTS', description: 'Redirect hops followed before a link is broken.', commands: CHECK },
  { key: 'check.userAgent', type: 'string', default: null, flag: 'user-agent', env: 'FEEDWATCH_USER_AGENT', description: 'User-Agent header; default names feedwatch, its version and the contact URL.', commands: CHECK },
  { key: 'check.contact', type: 'string', default: 'https://github.com/feedwatch/feedwatch', flag: 'contact', env: 'FEEDWATCH_CONTACT', description: 'Contact URL or e-mail named in the User-Agent, for site owners.', valueName: 'CONTACT', commands: CHECK },
  { key: 'check.headers', type: 'json', default: {}, flag: 'headers', env: 'FEEDWATCH_HEADERS', description: 'Extra request headers per host, e.g. {"example.com": {"Authorization": "Bearer ..."}} (JSON).', schema: headersSchema, commands: CHECK, secret: true },
  { key: 'check.ignore', type: 'json', default: [], flag: 'ignore', env: 'FEEDWATCH_IGNORE', description: 'Links not to check: [{"pattern", "reason"}] (JSON); they are reported as skipped with the reason.', schema: ignoreRule, validate: ignorePatternProblems, commands: CHECK },
  { key: 'check.lockWaitMs', type: 'integer', default: 30000, min: 0, max: 3600000, flag: 'lock-wait', env: 'FEEDWATCH_LOCK_WAIT_MS', description: 'Milliseconds `check` waits for another check of the same state file to finish before it gives up (exit 3).', commands: ['check'] },
  // --- alerts and reports
  { key: 'alerts.failureThreshold', type: 'integer', default: 2, min: 1, max: 100, flag: 'failure-threshold', env: 'FEEDWATCH_FAILURE_THRESHOLD', description: 'Consecutive failing runs before a failure becomes an alert.', commands: CHECK },
  { key: 'alerts.historyDays', type: 'integer', default: 90, min: 1, max: 3650, flag: 'history-days', env: 'FEEDWATCH_HISTORY_DAYS', description: 'Days of check history kept.', valueName: 'DAYS', commands: CHECK },
  { key: 'alerts.webhook', type: 'url', default: null, flag: 'webhook', env: 'FEEDWATCH_WEBHOOK', description: 'URL that receives a JSON POST of each run\'s new events (Slack/Teams-style incoming webhook).', commands: CHECK, secret: true },
  { key: 'alerts.webhookTimeoutMs', type: 'integer', default: 10000, min: 100, max: 600000, flag: 'webhook-timeout', env: 'FEEDWATCH_WEBHOOK_TIMEOUT_MS', description: 'Milliseconds for one webhook delivery attempt.', commands: CHECK },
  { key: 'alerts.webhookRetries', type: 'integer', default: 3, min: 0, max: 20, flag: 'webhook-retries', env: 'FEEDWATCH_WEBHOOK_RETRIES', description: 'Retries of a failed webhook delivery.', commands: CHECK },
  { key: 'alerts.wayback', type: 'boolean', default: true, flag: 'wayback', env: 'FEEDWATCH_WAYBACK', description: 'Suggest Internet Archive copies for broken and soft-404 links.', commands: CHECK },
  { key: 'alerts.mute', type: 'json', default: [], flag: 'mute', env: 'FEEDWATCH_MUTE', description: 'Known problems to mute: [{"url", "reason", "until"?}] (JSON).', schema: muteRule, commands: CHECK },
  // --- serving and scheduling
  { key: 'serve.host', type: 'string', default: 'localhost', flag: 'host', env: 'FEEDWATCH_HOST', description: 'Address the HTTP server listens on.', valueName: 'HOST', commands: SERVE },
  { key: 'serve.port', type: 'integer', default: 8787, min: 0, max: 65535, flag: 'port', env: 'FEEDWATCH_PORT', description: 'Port the HTTP server listens on (0: any free port).', valueName: 'PORT', commands: SERVE },
  { key: 'serve.maxAge', type: 'integer', default: 300, min: 0, max: 31536000, flag: 'max-age', env: 'FEEDWATCH_MAX_AGE', description: 'Cache-Control max-age, in seconds, for feeds and reports.', valueName: 'SECONDS', commands: SERVE },
  { key: 'schedule.check', type: 'cron', default: '0 */6 * * *', flag: 'check-schedule', env: 'FEEDWATCH_CHECK_SCHEDULE', description: 'Cron expression for link checks in `run`.', commands: ['run', 'start'] },
  { key: 'schedule.build', type: 'cron', default: null, flag: 'build-schedule', env: 'FEEDWATCH_BUILD_SCHEDULE', description: 'Cron expression for rebuilds in `run`; default: rebuild when feeds/ changes.', commands: ['run', 'start'] },
  { key: 'schedule.timezone', type: 'timezone', default: 'UTC', flag: 'timezone', env: 'FEEDWATCH_TIMEZONE', description: 'IANA time zone of the cron expressions.', commands: ['run', 'start'] },
  // --- the Cloudflare Worker (no command: read from wrangler vars; docs: README "Scaling out")
  { key: 'worker.subrequests', type: 'integer', default: 1000, min: 50, max: 10000000, flag: 'worker-subrequests', env: 'FEEDWATCH_WORKER_SUBREQUESTS', description: 'Cloudflare Worker only: subrequests one invocation may make, every fetch hop and every D1 query counted; a queue message nearing it hands its remaining links to a new message. Raise it up to your plan\'s limit (Workers Paid: 10,000).', commands: [] },
];

export interface IgnoreRule {
  pattern: string;
  reason: string;
}
export interface MuteRule {
  url: string;
  reason: string;
  until?: string;
}

export interface Config {
  feeds: string;
  out: string;
  state: string;
  baseUrl: string;
  idAuthority: string | null;
  archiveSize: number;
  robustLinks: boolean;
  iframeHosts: string[];
  websub: { hubs: string[] };
  check: {
    allowPrivate: boolean;
    concurrency: number;
    perHost: number;
    minIntervalMs: number;
    connectTimeoutMs: number;
    firstByteTimeoutMs: number;
    timeoutMs: number;
    retries: number;
    retryBaseMs: number;
    retryAfterCapMs: number;
    maxBodyBytes: number;
    maxRedirects: number;
    userAgent: string | null;
    contact: string;
    headers: Record<string, Record<string, string>>;
    ignore: IgnoreRule[];
    lockWaitMs: number;
  };
  alerts: {
    failureThreshold: number;
    historyDays: number;
    webhook: string | null;
    webhookTimeoutMs: number;
    webhookRetries: number;
    wayback: boolean;
    mute: MuteRule[];
  };
  serve: { host: string; port: number; maxAge: number };
  schedule: { check: string | null; build: string | null; timezone: string };
  worker: { subrequests: number };
}

export interface ConfigSources {
  /** Parsed config file (JSON), if any. */
  file?: unknown;
  /** Name of the config file, for messages. */
  fileName?: string;
  env?: Record<string, string | undefined>;
  /** What `env` is called in messages (default `environment variable`; the Worker's are `wrangler var`). */
  envLabel?: string;
  /** Flag values by flag name (without dashes), strings as typed on the command line. */
  flags?: Record<string, string | boolean | undefined>;
}

const SETTING_BY_KEY = new Map(SETTINGS.map((s) => [s.key, s]));

/** Keys allowed at the top level or as section names of the file. */
function knownPaths(): Set<string> {
  const paths = new Set<string>(['$schema']);
  for (const s of SETTINGS) {
    const parts = s.key.split('.');
    for (let i = 1; i <= parts.length; i++) paths.add(parts.slice(0, i).join('.'));
  }
  return paths;
}

function walkFile(file: unknown, fileName: string, problems: string[]): Map<string, unknown> {
  const values = new Map<string, unknown>();
  if (file === undefined) return values;
  if (typeof file !== 'object' || file === null || Array.isArray(file)) {
    problems.push(`${fileName}: the config must be a JSON object; see feedwatch.schema.json.`);
    return values;
  }
  const known = knownPaths();
  const visit = (obj: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(obj)) {
      const path = prefix ? `${prefix}.${k}` : k;
      if (!known.has(path)) {
        const guess = didYouMean(path, known);
        problems.push(`${fileName}: unknown setting "${path}".${guess ? ` Did you mean "${guess}"?` : ''} See feedwatch.schema.json for every setting.`);
      } else if (SETTING_BY_KEY.has(path)) values.set(path, v);
      else if (typeof v === 'object' && v !== null && !Array.isArray(v)) visit(v as Record<string, unknown>, path);
      else if (path !== '$schema') problems.push(`${fileName}: "${path}" must be an object of settings.`);
    }
  };
  visit(file as Record<string, unknown>, '');
  return values;
}

function setPath(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let obj = target;
  for (const p of parts.slice(0, -1)) obj = (obj[p] ??= {}) as Record<string, unknown>;
  obj[parts[parts.length - 1]!] = value;
}

export interface CheckedConfig {
  config: Config;
  /** Every problem of every source, one line each with where it came from and the key path. */
  problems: string[];
}

/**
 * Resolves every setting by precedence (flag, environment, file, default) and checks every value
 * given in every source, also one a higher source overrides: a wrong value is wrong wherever it is.
 */
export function checkConfig(sources: ConfigSources = {}): CheckedConfig {
  const fileName = sources.fileName ?? 'feedwatch.config.json';
  // Listed by source: the file's problems, then the environment's, then the flags'.
  const inFile: string[] = [];
  const inEnv: string[] = [];
  const inFlags: string[] = [];
  const fileValues = walkFile(sources.file, fileName, inFile);
  const config: Record<string, unknown> = {};
  for (const def of SETTINGS) {
    const flag = sources.flags?.[def.flag];
    const env = sources.env?.[def.env];
    const fromFile = fileValues.has(def.key) ? coerce(def, fileValues.get(def.key), fileName, false, inFile) : undefined;
    const fromEnv = env !== undefined && env !== '' ? coerce(def, env, `${sources.envLabel ?? 'environment variable'} ${def.env}`, true, inEnv) : undefined;
    const fromFlag = flag !== undefined ? coerce(def, flag, `--${def.flag}`, true, inFlags) : undefined;
    const value = [fromFlag, fromEnv, fromFile].find((v) => v !== undefined && v !== invalid);
    setPath(config, def.key, value === undefined ? structuredClone(def.default) : value);
  }
  return { config: config as unknown as Config, problems: [...inFile, ...inEnv, ...inFlags] };
}

/** Resolves every setting; throws one ConfigError listing every problem (exit 2). */
export function resolveConfig(sources: ConfigSources = {}): Config {
  const { config, problems } = checkConfig(sources);
  if (problems.length > 0) throw ConfigError.of(problems);
  return config;
}

/** JSON Schema (draft 2020-12) of feedwatch.config.json, for editors. */
export function configJsonSchema(): Record<string, unknown> {
  const root: Record<string, unknown> = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'feedwatch.config.json',
    type: 'object',
    additionalProperties: false,
    properties: { $schema: { type: 'string' } } as Record<string, unknown>,
  };
  for (const def of SETTINGS) {
    const parts = def.key.split('.');
    let node = root;
    for (const p of parts.slice(0, -1)) {
      const props = node.properties as Record<string, Record<string, unknown>>;
      node = props[p] ??= { type: 'object', additionalProperties: false, properties: {} };
    }
    const leaf: Record<string, unknown> =
      def.type === 'json'
        ? { ...def.schema }
        : { type: def.type === 'url' || def.type === 'cron' || def.type === 'timezone' ? 'string' : def.type };
    if (def.type === 'url') leaf.format = 'uri';
    if (def.min !== undefined) leaf.minimum = def.min;
    if (def.max !== undefined) leaf.maximum = def.max;
    if (def.default === null) leaf.type = [leaf.type, 'null'];
    // A setting no command takes (the Worker's) has no flag to name: wrangler vars use the variable's name.
    leaf.description = def.commands.length ? `${def.description} Flag --${def.flag}, environment ${def.env}.` : `${def.description} Environment or wrangler var ${def.env}.`;
    leaf.default = def.default;
    (node.properties as Record<string, unknown>)[parts[parts.length - 1]!] = leaf;
  }
  return root;
}
