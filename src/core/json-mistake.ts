// Where and why a text is not JSON, said without quoting it. V8's JSON.parse messages quote up to
// twenty characters around the mistake (`..."-Api-Key":k9Xq2Lp7}}" is not valid JSON`), and that text
// may be a token; some of them give no position at all. So the text is read again here, only to
// find the first mistake: its offset and a fixed phrase for its kind, never a piece of the text.

export interface JsonMistake {
  /** 0-based offset of the mistake in the text (UTF-16 code units, as JavaScript counts). */
  offset: number;
  /** What is wrong, in words that never include the text. */
  what: string;
}

type Want = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'after';

const WORDS = ['true', 'false', 'null'] as const;

/** The first mistake in `text` as JSON (RFC 8259), or undefined when it is valid JSON. Never throws. */
export function findJsonMistake(text: string): JsonMistake | undefined {
  const n = text.length;
  // Iterative, with an explicit stack: a deeply nested text must not overflow the call stack.
  const open: string[] = [];
  let i = 0;
  let want: Want = 'value';
  const at = (offset: number, what: string): JsonMistake => ({ offset, what });

  for (;;) {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
    if (i >= n) {
      if (want === 'after' && open.length === 0) return undefined;
      return at(n, open.length ? `the text ends before the JSON is complete (a missing "${open.at(-1) === '{' ? '}' : ']'}"?)` : 'the text ends before a value');
    }
    const c = text[i]!;
    switch (want) {
      case 'key-or-close':
      case 'key':
        if (c === '}' && want === 'key-or-close') {
          open.pop();
          i++;
          want = 'after';
          continue;
        }
        if (c === '}') return at(i, 'a comma before "}": JSON allows no trailing comma');
        if (c !== '"') return at(i, 'expected a property name in double quotes');
        {
          const bad = endOfString();
          if (bad) return bad;
        }
        want = 'colon';
        continue;
      case 'colon':
        if (c !== ':') return at(i, 'expected ":" after a property name');
        i++;
        want = 'value';
        continue;
      case 'value-or-close':
      case 'value': {
        if (c === ']' && want === 'value-or-close') {
          open.pop();
          i++;
          want = 'after';
          continue;
        }
        if (c === '{' || c === '[') {
          open.push(c);
          i++;
          want = c === '{' ? 'key-or-close' : 'value-or-close';
          continue;
        }
        if (c === '"') {
          const bad = endOfString();
          if (bad) return bad;
        } else if (c === '-' || (c >= '0' && c <= '9')) {
          const bad = endOfNumber();
          if (bad) return bad;
        } else {
          const word = WORDS.find((w) => text.startsWith(w, i));
          if (word) i += word.length;
          else if (/[\p{L}\p{N}_$]/u.test(c)) return at(i, 'a value without double quotes; only numbers, true, false and null go without them');
          else if (c === ']' && open.at(-1) === '[') return at(i, 'a comma before "]": JSON allows no trailing comma');
          else return at(i, 'expected a value');
        }
        want = 'after';
        continue;
      }
      case 'after': {
        const top = open.at(-1);
        if (!top) return at(i, 'more text after the end of the JSON value');
        if (c === ',') {
          i++;
          want = top === '{' ? 'key' : 'value';
          continue;
        }
        if ((top === '{' && c === '}') || (top === '[' && c === ']')) {
          open.pop();
          i++;
          continue;
        }
        return at(i, top === '{' ? 'expected "," or "}" after a property\'s value' : 'expected "," or "]" after a value in a list');
      }
    }
  }

  /** Moves `i` past the string that starts at it; or the mistake inside it. */
  function endOfString(): JsonMistake | undefined {
    const start = i;
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return undefined;
      }
      if (c < 0x20) return at(i, 'a control character (a line break or tab) inside a string: write it as \\n or \\t');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else return at(i, 'a backslash that starts no valid escape inside a string');
        continue;
      }
      i++;
    }
    return at(start, 'a string that opens here is never closed');
  }

  /** Moves `i` past the number that starts at it; or the mistake inside it. */
  function endOfNumber(): JsonMistake | undefined {
    const start = i;
    const digits = (): number => {
      const from = i;
      while (i < n && text[i]! >= '0' && text[i]! <= '9') i++;
      return i - from;
    };
    if (text[i] === '-') i++;
    if (text[i] === '0') {
      i++;
      if (i < n && text[i]! >= '0' && text[i]! <= '9') return at(start, 'a number with a leading zero');
    } else if (digits() === 0) return at(start, 'a number without digits');
    if (text[i] === '.') {
      i++;
      if (digits() === 0) return at(start, 'a number without digits after its decimal point');
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (digits() === 0) return at(start, 'a number without digits in its exponent');
    }
    return undefined;
  }
}

/** 1-based line and column of an offset, for a message about a file. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let j = text.indexOf('\n'); j !== -1 && j < offset; j = text.indexOf('\n', j + 1)) {
    line++;
    lineStart = j + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
