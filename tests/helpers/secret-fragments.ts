// What a test of a secret's redaction asserts: no piece of it is shown, not even a part.
import { expect } from 'vitest';

/** Every piece of `secret` of 4 characters or more (redact.ts searches for secrets from 4 characters). */
function fragments(secret: string, min = 4): string[] {
  const out: string[] = [];
  for (let i = 0; i + min <= secret.length; i++) out.push(secret.slice(i, i + min));
  return out;
}

/** `text` shows no piece of `secret` of 4 characters. */
export function expectNoFragment(text: string, secret: string, where: string): void {
  for (const f of fragments(secret)) expect(text.includes(f), `${where} shows "${f}", a part of ${secret}:\n${text}`).toBe(false);
}
