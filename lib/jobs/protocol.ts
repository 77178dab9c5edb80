import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The pieces of Inngest's SDK protocol the embedded driver speaks, as measured against
 * inngest 4.24 (see lib/jobs/README.md). The contract test fails if an upgrade changes them.
 */

/** RFC 8785-style canonical JSON: the SDK re-serialises a body this way before checking its HMAC. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${entries
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
    .join(',')}}`;
}

/** HMAC-SHA256 over body + timestamp, keyed by the signing key's text without its `signkey-<env>-` prefix. */
function hmac(signingKey: string, text: string, t: string | number): string {
  return createHmac('sha256', signingKey.replace(/^signkey-\w+-/, '')).update(text + t).digest('hex');
}

export function signatureHeader(signingKey: string, text: string, now = Date.now()): string {
  const t = Math.floor(now / 1000);
  return `t=${t}&s=${hmac(signingKey, text, t)}`;
}

/** The SDK signs its responses too; a response that does not verify did not come from it. */
export function verifySignature(signingKey: string, text: string, header: string | null): boolean {
  const params = new URLSearchParams(header ?? '');
  const t = params.get('t');
  const s = params.get('s');
  if (!t || !s || s.length !== 64) return false;
  return timingSafeEqual(Buffer.from(s), Buffer.from(hmac(signingKey, text, t)));
}

const units: Record<string, number> = { ms: 1, s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5 };

/** A Sleep op names its duration ("30s", "1h30m") or, for sleepUntil, an ISO date. */
export function sleepUntil(name: string, now = Date.now()): Date {
  if (/^\d{4}-\d\d-\d\dT/.test(name)) return new Date(Date.parse(name));
  const ms = [...name.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)].reduce((total, [, n, unit]) => total + Number(n) * units[unit!]!, 0);
  return new Date(now + ms);
}

/**
 * When to try again: exponential backoff from `baseMs` (capped at 10 minutes) with jitter,
 * or what the function asked for through Retry-After (seconds or an HTTP/ISO date).
 */
export function retryDelayMs(attempt: number, retryAfter: string | null, baseMs: number, random = Math.random): number {
  if (retryAfter) {
    const asked = /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : Date.parse(retryAfter) - Date.now();
    if (Number.isFinite(asked)) return Math.max(0, asked);
  }
  const exp = Math.min(baseMs * 2 ** attempt, 10 * 60_000);
  return Math.round(exp / 2 + (random() * exp) / 2);
}

/** The un-keyed limit of a function's `concurrency` option; keyed limits are not enforced here. */
export function concurrencyLimit(option: unknown): number | undefined {
  if (typeof option === 'number') return option > 0 ? option : undefined;
  const plain = [option].flat().find((c) => c && typeof c === 'object' && !('key' in c)) as { limit?: number } | undefined;
  return plain?.limit && plain.limit > 0 ? plain.limit : undefined;
}
