// Muted links (config `alerts.mute`): a known problem a maintainer has accepted. A muted link makes
// no alerts and shows as muted in the reports; the mute ends at `until` (if given).
import type { MuteRule } from '../core/config.js';

function normalize(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

/** Active mutes by normalized URL at time `at` (ISO 8601). An unparseable `until` never expires. */
export function activeMutes(rules: readonly MuteRule[], at: string): Map<string, MuteRule> {
  const now = Date.parse(at);
  const active = new Map<string, MuteRule>();
  for (const rule of rules) {
    const until = rule.until === undefined ? NaN : Date.parse(rule.until);
    if (!Number.isNaN(until) && until <= now) continue;
    active.set(normalize(rule.url), rule);
  }
  return active;
}

export function muteFor(mutes: ReadonlyMap<string, MuteRule>, url: string): MuteRule | undefined {
  return mutes.get(url) ?? mutes.get(normalize(url));
}
