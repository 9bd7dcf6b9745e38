// A check.ignore pattern: a URL prefix, or a regular expression between slashes (`/regex/flags`).
// One reading of it for both the config's validation and the checker, so a pattern the config
// accepted always compiles.

const REGEX = /^\/(.+)\/([a-z]*)$/;

/** What is wrong with a pattern (to follow its key path in a message), or null when it is usable. */
export function ignorePatternProblem(pattern: string): string | null {
  if (pattern === '') return 'empty, so it would match every link';
  const re = REGEX.exec(pattern);
  if (!re) return null;
  try {
    new RegExp(re[1]!, re[2]);
    return null;
  } catch (e) {
    // V8 repeats the pattern ("Invalid regular expression: /[/: Unterminated character class"); the message quotes it once.
    const reason = (e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    return `not a valid regular expression (${reason})`;
  }
}

/** Whether a URL matches the pattern. The pattern must have passed ignorePatternProblem. */
export function ignorePatternTest(pattern: string): (url: string) => boolean {
  const re = REGEX.exec(pattern);
  if (!re) return (u) => u.startsWith(pattern);
  const regex = new RegExp(re[1]!, re[2]);
  return (u) => {
    regex.lastIndex = 0; // a /g or /y rule must not carry its position from one URL to the next
    return regex.test(u);
  };
}
