// Who the client is, decided where the socket is known: the server entry (server-entry.mjs)
// runs this for every request before Next or the fast paths see it. Pure: no I/O, no env.
// lib/env.ts validates MIST_TRUST_PROXY with the same parser.

/** The request header that carries the result inside the process; a client's copy is overwritten. */
export const CLIENT_ADDRESS_HEADER = 'x-mist-client-address';

/** Headers only a trusted proxy may set; dropped when the peer is not one (Next then sets them from the socket). */
export const FORWARDED_HEADERS = ['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port'];

/**
 * MIST_TRUST_PROXY: unset, empty or 0 trusts no proxy (the socket address is the client);
 * a number is how many proxies stand in front of MIST (each appends to X-Forwarded-For);
 * otherwise a comma-separated list of proxy addresses or CIDR ranges, IPv4 or IPv6.
 * Throws an Error saying what is wrong.
 */
export function parseTrustProxy(value) {
  const text = (value ?? '').trim();
  if (text === '' || text === '0') return { hops: 0, ranges: [] };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 32) throw new Error('expected at most 32 proxy hops');
    return { hops, ranges: [] };
  }
  const ranges = text.split(',').map((item) => parseRange(item.trim()));
  return { hops: 0, ranges };
}

function parseRange(item) {
  const [addressText, prefixText, extra] = item.split('/');
  const address = parseAddress(addressText ?? '');
  if (!address || extra !== undefined) throw new Error(`"${item}" is not a proxy address or CIDR range (e.g. 10.0.0.0/8, ::1) nor a hop count`);
  const bits = address.v6 ? 128 : 32;
  if (prefixText === undefined) return { ...address, prefix: bits };
  if (!/^\d+$/.test(prefixText) || Number(prefixText) > bits) throw new Error(`"${item}": the prefix length must be 0 to ${bits}`);
  return { ...address, prefix: Number(prefixText) };
}

/**
 * The client of a request: walking from the socket's peer back through X-Forwarded-For
 * (right to left), the first address not a trusted proxy's. With a hop count n, the peer
 * and the n-1 right-most entries are the proxies. When every address is trusted, the
 * left-most. `peerTrusted` says whether the peer is a trusted proxy, i.e. whether any
 * X-Forwarded-* header it sent may count.
 */
export function resolveClient(remoteAddress, forwardedFor, trust) {
  const peer = normalizeAddress(remoteAddress) ?? 'unknown';
  const trusted = (address, index) => (trust.hops > 0 ? index < trust.hops : isInRanges(address, trust.ranges));
  if (!trusted(peer, 0)) return { address: peer, peerTrusted: false };
  const chain = [peer, ...forwardedEntries(forwardedFor).reverse()];
  let index = 0;
  while (index < chain.length - 1 && trusted(chain[index], index)) index++;
  return { address: chain[index], peerTrusted: true };
}

function forwardedEntries(header) {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => normalizeAddress(entry) ?? entry.slice(0, 64).toLowerCase());
}

/**
 * The key rate limits count a client under: an IPv4 address, or the /64 network of an IPv6
 * one (a single subscriber usually holds a whole /64 and can take any address in it).
 */
export function limitKey(address) {
  const parsed = parseAddress(address);
  if (!parsed?.v6) return address;
  const network = parsed.value >> 64n;
  return `${formatV6(network << 64n).replace(/::$/, '')}::/64`;
}

/** An address in canonical text (IPv4-mapped IPv6 as IPv4, IPv6 compressed), or null if it is none. */
export function normalizeAddress(text) {
  if (typeof text !== 'string') return null;
  let t = text.trim();
  // As some proxies write them: "[2001:db8::1]:443", "203.0.113.7:51234".
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(t);
  if (bracketed) t = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(t)) t = t.slice(0, t.indexOf(':'));
  const parsed = parseAddress(t);
  if (!parsed) return null;
  return parsed.v6 ? formatV6(parsed.value) : formatV4(parsed.value);
}

function isInRanges(address, ranges) {
  const parsed = parseAddress(address);
  if (!parsed) return false;
  return ranges.some((range) => {
    if (range.v6 !== parsed.v6) return false;
    const shift = BigInt((range.v6 ? 128 : 32) - range.prefix);
    return parsed.value >> shift === range.value >> shift;
  });
}

/** { v6, value: bigint }, IPv4-mapped IPv6 read as IPv4; null for anything else. */
function parseAddress(text) {
  const v4 = parseV4(text);
  if (v4 !== null) return { v6: false, value: v4 };
  const v6 = parseV6(text);
  if (v6 === null) return null;
  if (v6 >> 32n === 0xffffn) return { v6: false, value: v6 & 0xffffffffn };
  return { v6: true, value: v6 };
}

function parseV4(text) {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) < 256)) return null;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n);
}

function parseV6(text) {
  const zoneless = text.replace(/%[\w.-]+$/, '');
  if (!/^[\da-f:.]+$/i.test(zoneless) || zoneless.split('::').length > 2) return null;
  let groups = [];
  const [head, tail] = zoneless.split('::');
  const read = (part) => (part === '' ? [] : part.split(':'));
  const headGroups = read(head);
  const tailGroups = tail === undefined ? [] : read(tail);
  const all = [...headGroups, ...tailGroups];
  // An IPv4 tail ("::ffff:192.0.2.1") stands for the last two groups.
  const last = all.at(-1);
  let v4Tail = null;
  if (last?.includes('.')) {
    v4Tail = parseV4(last);
    if (v4Tail === null) return null;
    (tailGroups.length ? tailGroups : headGroups).pop();
  }
  const width = 8 - (v4Tail === null ? 0 : 2);
  const given = headGroups.length + tailGroups.length;
  if (tail === undefined ? given !== width : given >= width) return null;
  groups = [...headGroups, ...Array(width - given).fill('0'), ...tailGroups];
  if (!groups.every((g) => /^[\da-f]{1,4}$/i.test(g))) return null;
  let value = groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
  if (v4Tail !== null) value = (value << 32n) | v4Tail;
  return value;
}

function formatV4(value) {
  return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.');
}

/** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as "::". */
function formatV6(value) {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = { at: -1, length: 1 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { at: i, length: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.length).join(':')}`;
}
