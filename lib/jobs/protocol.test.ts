import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, concurrencyLimit, retryDelayMs, signatureHeader, sleepUntil, verifySignature } from './protocol';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined, as the SDK does before checking a signature', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: null }], c: 'x' }, u: undefined })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":1}]},"b":1}');
  });
});

describe('signatures', () => {
  const key = `signkey-prod-${'ab'.repeat(32)}`;

  it('signs body + timestamp with the key text after its prefix', () => {
    const header = signatureHeader(key, '{"a":1}', 1_700_000_000_000);
    const expected = createHmac('sha256', 'ab'.repeat(32)).update('{"a":1}1700000000').digest('hex');
    expect(header).toBe(`t=1700000000&s=${expected}`);
  });

  it('verifies its own signatures and nothing else', () => {
    const header = signatureHeader(key, 'body');
    expect(verifySignature(key, 'body', header)).toBe(true);
    expect(verifySignature(key, 'body!', header)).toBe(false);
    expect(verifySignature(`signkey-prod-${'cd'.repeat(32)}`, 'body', header)).toBe(false);
    expect(verifySignature(key, 'body', null)).toBe(false);
    expect(verifySignature(key, 'body', 't=1&s=short')).toBe(false);
  });
});

describe('sleepUntil', () => {
  it('reads durations and dates the way Sleep ops carry them', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(sleepUntil('30s', now).getTime()).toBe(now + 30_000);
    expect(sleepUntil('1h30m', now).getTime()).toBe(now + 90 * 60_000);
    expect(sleepUntil('2026-02-01T00:00:00.000Z', now).toISOString()).toBe('2026-02-01T00:00:00.000Z');
  });
});

describe('retryDelayMs', () => {
  it('backs off exponentially with jitter between half and all of the step', () => {
    expect(retryDelayMs(0, null, 1000, () => 0)).toBe(500);
    expect(retryDelayMs(0, null, 1000, () => 1)).toBe(1000);
    expect(retryDelayMs(3, null, 1000, () => 1)).toBe(8000);
    expect(retryDelayMs(30, null, 1000, () => 1)).toBe(600_000);
  });

  it('honours Retry-After in seconds or as a date', () => {
    expect(retryDelayMs(0, '120', 1000)).toBe(120_000);
    const inAMinute = new Date(Date.now() + 60_000).toUTCString();
    expect(retryDelayMs(0, inAMinute, 1000)).toBeGreaterThan(55_000);
  });
});

describe('concurrencyLimit', () => {
  it('reads the un-keyed limit in each form the option takes', () => {
    expect(concurrencyLimit(2)).toBe(2);
    expect(concurrencyLimit({ limit: 3 })).toBe(3);
    expect(concurrencyLimit([{ limit: 5, key: 'event.data.userId' }, { limit: 4 }])).toBe(4);
    expect(concurrencyLimit({ limit: 5, key: 'event.data.userId' })).toBeUndefined();
    expect(concurrencyLimit(undefined)).toBeUndefined();
  });
});
