// Splits an item file into its YAML front matter and Markdown body.
import type { Diagnostics } from './diagnostics.js';

export interface Split {
  yaml: string;
  /** Lines before the YAML text: the opening `---`. */
  yamlLineOffset: number;
  body: string;
}

const OPENING = /^---[ \t]*\r?\n/;
const CLOSING = /^(?:---|\.\.\.)[ \t\r]*$/gm;
const HINT = 'start the file with a line ---, then the fields (title, date, link), then another line ---, then the text';

export function splitFrontMatter(text: string, file: string, diagnostics: Diagnostics): Split | null {
  const open = OPENING.exec(text);
  if (!open) {
    diagnostics.error(file, 1, undefined, 'no front matter: the file must begin with a line ---', HINT);
    return null;
  }
  CLOSING.lastIndex = open[0].length;
  const close = CLOSING.exec(text);
  if (!close) {
    diagnostics.error(file, 1, undefined, 'the front matter opened on line 1 is never closed with a line ---', HINT);
    return null;
  }
  let bodyStart = close.index + close[0].length;
  if (text[bodyStart] === '\n') bodyStart++;
  return { yaml: text.slice(open[0].length, close.index), yamlLineOffset: 1, body: text.slice(bodyStart) };
}
