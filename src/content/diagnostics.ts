// Collects the problems of one run; files name themselves through the ContentSource's label.
import type { Diagnostic } from '../core/types.js';

export class Diagnostics {
  readonly list: Diagnostic[] = [];

  error(file: string, line: number, field: string | undefined, message: string, hint?: string): void {
    this.list.push(make('error', file, line, field, message, hint));
  }

  warn(file: string, line: number, field: string | undefined, message: string, hint?: string): void {
    this.list.push(make('warning', file, line, field, message, hint));
  }

  get errorCount(): number {
    let n = 0;
    for (const d of this.list) if (d.severity === 'error') n++;
    return n;
  }

  /** By file, then line, so a long list reads top to bottom. */
  sorted(): Diagnostic[] {
    return [...this.list].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  }
}

function make(
  severity: Diagnostic['severity'],
  file: string,
  line: number,
  field: string | undefined,
  message: string,
  hint: string | undefined,
): Diagnostic {
  const d: Diagnostic = { severity, file, line, message };
  if (field !== undefined) d.field = field;
  if (hint !== undefined) d.hint = hint;
  return d;
}
