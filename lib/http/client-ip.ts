import { CLIENT_ADDRESS_HEADER, limitKey } from '@/scripts/lib/client-address.mjs';

declare global {
  // Set by scripts/lib/server-entry.mjs once it stands between the socket and Next.
  var __mistClientAddressFromEntry: boolean | undefined;
}

type HeaderSource = Record<string, string | string[] | undefined> | Headers;

/**
 * The client's address, as the server entry decided it from the socket and MIST_TRUST_PROXY
 * (never from a header a client can write). Without the entry (`next dev`) no request
 * carries one it could trust: every client is "unknown", so limits are shared, never skipped.
 */
export function clientAddress(headers: HeaderSource): string {
  if (!globalThis.__mistClientAddressFromEntry) return 'unknown';
  const value = headers instanceof Headers ? headers.get(CLIENT_ADDRESS_HEADER) : headers[CLIENT_ADDRESS_HEADER];
  return (Array.isArray(value) ? value[0] : value) || 'unknown';
}

/** What per-address rate limits count a client under: the address, or an IPv6 address's /64. */
export function clientIp(headers: HeaderSource): string {
  return limitKey(clientAddress(headers));
}
