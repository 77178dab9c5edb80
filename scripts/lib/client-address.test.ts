import { describe, expect, it } from 'vitest';
import { limitKey, normalizeAddress, parseTrustProxy, resolveClient } from './client-address.mjs';

const client = (peer: string, xff: string | undefined, trust: string | undefined) => resolveClient(peer, xff, parseTrustProxy(trust));

describe('MIST_TRUST_PROXY unset: no proxy is trusted', () => {
  it('takes the socket address, whatever X-Forwarded-For says', () => {
    expect(client('198.51.100.7', '1.2.3.4', undefined)).toEqual({ address: '198.51.100.7', peerTrusted: false });
    expect(client('127.0.0.1', '1.2.3.4, 5.6.7.8', '')).toEqual({ address: '127.0.0.1', peerTrusted: false });
    expect(client('::ffff:192.0.2.9', undefined, '0')).toEqual({ address: '192.0.2.9', peerTrusted: false });
  });
});

describe('a hop count', () => {
  it('1: the right-most entry, which the one proxy appended', () => {
    expect(client('127.0.0.1', 'spoofed, 203.0.113.5', '1')).toEqual({ address: '203.0.113.5', peerTrusted: true });
    expect(client('10.0.0.2', '203.0.113.5', '1').address).toBe('203.0.113.5');
  });

  it('2: the entry before the second proxy’s', () => {
    expect(client('10.0.0.2', 'spoofed, 203.0.113.5, 10.0.0.9', '2').address).toBe('203.0.113.5');
  });

  it('more hops than entries: the left-most address there is; no header: the peer', () => {
    expect(client('10.0.0.2', '203.0.113.5', '3').address).toBe('203.0.113.5');
    expect(client('10.0.0.2', undefined, '1')).toEqual({ address: '10.0.0.2', peerTrusted: true });
    expect(client('10.0.0.2', ' , ', '1').address).toBe('10.0.0.2');
  });
});

describe('a list of proxy addresses and ranges', () => {
  const trust = '10.0.0.0/8,172.16.0.0/12,::1';

  it('walks right to left past trusted proxies to the first address that is not one', () => {
    expect(client('10.1.2.3', 'spoofed, 198.51.100.9, 172.16.4.4', trust)).toEqual({ address: '198.51.100.9', peerTrusted: true });
    expect(client('::1', '203.0.113.1', trust).address).toBe('203.0.113.1');
    // A client claiming to be behind a trusted proxy is itself the first untrusted entry.
    expect(client('10.1.2.3', '10.9.9.9, 198.51.100.9', trust).address).toBe('198.51.100.9');
  });

  it('does not trust a peer outside the list, nor what it forwards', () => {
    expect(client('192.0.2.1', '10.0.0.1', trust)).toEqual({ address: '192.0.2.1', peerTrusted: false });
    expect(client('172.32.0.1', '1.1.1.1', trust).peerTrusted).toBe(false); // just past 172.16.0.0/12
    expect(client('::2', '1.1.1.1', trust).peerTrusted).toBe(false);
  });

  it('matches IPv4-mapped peers against IPv4 ranges, and IPv6 ranges by prefix', () => {
    expect(client('::ffff:10.0.0.5', '203.0.113.1', trust).address).toBe('203.0.113.1');
    expect(client('2001:db8:aa::1', '203.0.113.1', '2001:db8::/32').address).toBe('203.0.113.1');
    expect(client('2001:db9::1', '203.0.113.1', '2001:db8::/32').peerTrusted).toBe(false);
    expect(client('127.0.0.1', '203.0.113.1', '127.0.0.1').address).toBe('203.0.113.1');
  });

  it('all trusted: the left-most entry', () => {
    expect(client('10.0.0.1', '10.0.0.2, 10.0.0.3', trust).address).toBe('10.0.0.2');
  });

  it('reads entries as proxies write them (ports, brackets) and keeps a garbage entry as a string', () => {
    expect(client('10.0.0.1', '203.0.113.5:4711', trust).address).toBe('203.0.113.5');
    expect(client('10.0.0.1', '[2001:DB8::0:1]:443', trust).address).toBe('2001:db8::1');
    expect(client('10.0.0.1', 'Not-An-Address', trust).address).toBe('not-an-address');
  });
});

describe('parseTrustProxy', () => {
  it('refuses what it cannot read, saying what was expected', () => {
    expect(() => parseTrustProxy('yes')).toThrow(/not a proxy address or CIDR range/);
    expect(() => parseTrustProxy('10.0.0.0/33')).toThrow(/prefix length must be 0 to 32/);
    expect(() => parseTrustProxy('10.0.0.0/8,')).toThrow(/not a proxy address/);
    expect(() => parseTrustProxy('256.0.0.1')).toThrow(/not a proxy address/);
    expect(() => parseTrustProxy('99')).toThrow(/at most 32/);
    expect(parseTrustProxy(' 2 ')).toEqual({ hops: 2, ranges: [] });
    expect(parseTrustProxy('fe80::/10, 192.168.0.0/16').ranges).toHaveLength(2);
  });
});

describe('addresses', () => {
  it('are written one way only', () => {
    expect(normalizeAddress('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(normalizeAddress('2001:db8:0:1:0:0:0:1')).toBe('2001:db8:0:1::1');
    expect(normalizeAddress('::')).toBe('::');
    expect(normalizeAddress('::ffff:203.0.113.4')).toBe('203.0.113.4');
    expect(normalizeAddress('fe80::1%eth0')).toBe('fe80::1');
    for (const bad of ['1.2.3', '01.2.3.4', '1::2::3', '1:2:3:4:5:6:7:8:9', 'g::1', '', ':1::']) expect(normalizeAddress(bad), bad).toBeNull();
  });

  it('count an IPv6 client by its /64, an IPv4 one by its address', () => {
    expect(limitKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(limitKey('2001:db8:1:2:bbbb::9')).toBe('2001:db8:1:2::/64');
    expect(limitKey('2001:db8::1')).toBe('2001:db8::/64');
    expect(limitKey('203.0.113.4')).toBe('203.0.113.4');
    expect(limitKey('unknown')).toBe('unknown');
  });
});
