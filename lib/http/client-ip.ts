/**
 * The client address as the proxy in front of MIST reports it (X-Forwarded-For), or as
 * Next's own server set it from the socket when no proxy did.
 */
export function clientIp(headers: Record<string, string | string[] | undefined> | Headers): string {
  const get = (name: string) => {
    const v = headers instanceof Headers ? headers.get(name) : headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  return get('x-forwarded-for')?.split(',')[0]?.trim() || get('x-real-ip')?.trim() || 'unknown';
}
