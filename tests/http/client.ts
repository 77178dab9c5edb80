/**
 * A browser-like client for the HTTP tests: keeps cookies, signs in the way next-auth's
 * own client does (CSRF token, then the credentials callback), never follows redirects, and
 * sends `Origin` on anything but GET and HEAD, as browsers do (MIST refuses other origins).
 */
export class Client {
  private cookies = new Map<string, string>();

  constructor(
    readonly base: string,
    readonly ip = `10.${rand()}.${rand()}.${rand()}`,
  ) {}

  async request(pathname: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('x-forwarded-for', this.ip);
    const method = (init.method ?? 'GET').toUpperCase();
    // A page of this MIST sent it, unless the test says otherwise (a full URL elsewhere is another site's).
    if (method !== 'GET' && method !== 'HEAD' && !headers.has('origin')) headers.set('origin', new URL(this.base).origin);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    const res = await fetch(new URL(pathname, this.base), { ...init, body, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value.join('='));
    }
    return res;
  }

  /** The same browser (cookies, address) talking to another instance of MIST. */
  at(base: string): Client {
    const other = new Client(base, this.ip);
    other.cookies = this.cookies;
    return other;
  }

  cookie(name: string) {
    return this.cookies.get(name);
  }

  /** Returns the HTTP status and next-auth's error code (null on success). */
  async signIn(email: string, password: string): Promise<{ status: number; error: string | null; setCookie: string[] }> {
    const { csrfToken } = (await (await this.request('/api/auth/csrf')).json()) as { csrfToken: string };
    const res = await this.request('/api/auth/callback/credentials', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken, email, password, json: 'true' }),
    });
    const { url } = (await res.json()) as { url: string };
    return { status: res.status, error: new URL(url).searchParams.get('error'), setCookie: res.headers.getSetCookie() };
  }
}

function rand() {
  return Math.floor(Math.random() * 250) + 1;
}

/** A new listener account (password "listen password"), signed in. */
export async function signedUpListener(baseUrl: string, email: string): Promise<Client> {
  const client = new Client(baseUrl);
  await client.request('/api/signup', { method: 'POST', json: { email, displayName: email.split('@')[0], password: 'listen password' } });
  const res = await client.signIn(email, 'listen password');
  if (res.status !== 200) throw new Error(`sign-in as ${email} answered ${res.status}`);
  return client;
}
