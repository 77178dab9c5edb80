import { afterEach, describe, expect, it } from 'vitest';
import { clientIp } from './client-ip';

afterEach(() => {
  globalThis.__mistClientAddressFromEntry = undefined;
});

describe('clientIp', () => {
  it('reads the server entry’s header, never X-Forwarded-For or X-Real-IP', () => {
    globalThis.__mistClientAddressFromEntry = true;
    const headers = new Headers({ 'x-mist-client-address': '203.0.113.9', 'x-forwarded-for': '1.1.1.1', 'x-real-ip': '2.2.2.2' });
    expect(clientIp(headers)).toBe('203.0.113.9');
    expect(clientIp({ 'x-mist-client-address': '2001:db8:5:6:7::1' })).toBe('2001:db8:5:6::/64');
  });

  it('trusts no header when the entry is not in front (next dev): one shared "unknown"', () => {
    expect(clientIp(new Headers({ 'x-mist-client-address': '203.0.113.9', 'x-forwarded-for': '1.1.1.1' }))).toBe('unknown');
  });
});
