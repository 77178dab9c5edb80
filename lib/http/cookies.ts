export type CookieJar = { getAll(): { name: string; value: string }[] };

/**
 * The cookies of a Cookie header, read as Next's `cookies()` reads them (a later duplicate
 * wins; a value that does not URL-decode is skipped), for code that runs without Next's
 * request context.
 */
export function parseCookieHeader(header: string | null | undefined): CookieJar {
  const jar = new Map<string, string>();
  for (const pair of (header ?? '').split(/; */)) {
    if (!pair) continue;
    const at = pair.indexOf('=');
    if (at === -1) {
      jar.set(pair, 'true');
      continue;
    }
    try {
      jar.set(pair.slice(0, at), decodeURIComponent(pair.slice(at + 1)));
    } catch {
      // a malformed value: Next drops it too
    }
  }
  return { getAll: () => [...jar].map(([name, value]) => ({ name, value })) };
}
