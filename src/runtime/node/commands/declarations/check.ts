// `feedwatch check` as the command line knows it: its options, arguments and help text. Its code,
// ../check.ts, is imported only when it runs, so help and argument checks load nothing heavy.
import { lazyRun, type Command } from '../command.js';

export const checkCommand: Command = {
  name: 'check',
  summary: 'Check every link cited by the feeds and write the reports in <out>/health/ (or probe --url addresses).',
  details: [
    'Without --url: checks every link the items in --feeds cite (body, sources, the item\'s link), keeps',
    'state in --state, writes <out>/health/report.json (schema: docs/report.schema.json), report.html,',
    'report.md and alerts.atom, and sends alerts.',
    '',
    '`feedwatch check --url URL` (repeatable) or `feedwatch check <url>...`: an ad-hoc probe of those',
    'addresses. It prints the result (--format json: the report JSON) and nothing else: it never opens',
    'the state file, writes nothing into <out>/health/ and sends no alert.',
    '',
    'Ignoring links: check.ignore in feedwatch.config.json (or --ignore JSON, FEEDWATCH_IGNORE) lists',
    'rules {"pattern", "reason"}; a matching link is reported skipped (reason "ignored") with the rule\'s',
    'reason. A pattern is a URL prefix, or a regular expression between slashes:',
    '  "check": { "ignore": [',
    '    { "pattern": "https://intranet.example/", "reason": "not reachable from outside" },',
    '    { "pattern": "/^https?://(www\\\\.)?linkedin\\\\.com/", "reason": "answers every bot with 999" } ] }',
    'A rule that matches no cited link gets a warning on stderr: remove it or fix the pattern.',
    '',
    'Private, loopback and link-local addresses are not checked (skipped, reason private-address)',
    'unless --allow-private (check.allowPrivate): the guard against server-side request forgery.',
    '',
    'Statuses: ok, changed, moved, soft404, blocked, broken, skipped (docs/link-statuses.md: what each means and what to do).',
    'Exit codes: 0 nothing broken; 1 a link is broken or soft404 (blocked never counts); 2 invalid input; 3 the run failed.',
  ].join('\n'),
  options: [
    { flag: 'url', type: 'string', multiple: true, kind: 'url', description: 'Check this address instead of the feeds (repeatable).' },
    { flag: 'format', type: 'string', choices: ['text', 'json'], description: 'text (default) or json: the report on standard output, nothing else.' },
  ],
  positionals: [
    { name: 'url', kind: 'url', repeatable: true, description: 'Check these addresses instead of the feeds, like --url.' },
  ],
  run: lazyRun(() => import('../check.js')),
};
