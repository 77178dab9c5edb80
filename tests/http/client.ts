/**
 * A browser-like client for the HTTP tests: keeps cookies, signs in the way next-auth's
 * own client does (CSRF token, then the credentials callback), never follows redirects, and
 * sends `Origin` on anything but GET and HEAD, as browsers do (MIST refuses other origins).
 * Each client connects from its own loopback address (Linux routes all of 127/8), so the
 * server, trusting no proxy by default, sees one address per client from the socket.
 */
export class Client {
  private cookies = new Map<string, string>();

  constructor(
    readonly base: string,
    readonly ip = `127.${rand()}.${rand()}.${rand()}`,
    /** Sent with every request, e.g. a forged X-Forwarded-For. */
    readonly extraHeaders: Record<string, string> = {},
  ) {}

  async request(pathname: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    for (const [name, value] of Object.entries(this.extraHeaders)) headers.set(name, value);
    const method = (init.method ?? 'GET').toUpperCase();
    // A page of this MIST sent it, unless the test says otherwise (a full URL elsewhere is another site's).
    if (method !== 'GET' && method !== 'HEAD' && !headers.has('origin')) headers.set('origin', new URL(this.base).origin);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    const res = await fetch(new URL(pathname, this.base), { ...init, body, headers, redirect: 'manual', dispatcher: fromAddress(this.ip) } as RequestInit);
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

  /** Someone else, elsewhere, holding a copy of this browser's cookies as they are now. */
  copy(): Client {
    const other = new Client(this.base);
    other.cookies = new Map(this.cookies);
    return other;
  }

  cookie(name: string) {
    return this.cookies.get(name);
  }

  /** Signs out as next-auth's client does (CSRF token, then the sign-out endpoint); the status. */
  async signOut(): Promise<number> {
    const { csrfToken } = (await (await this.request('/api/auth/csrf')).json()) as { csrfToken: string };
    const res = await this.request('/api/auth/signout', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken, json: 'true' }),
    });
    await res.arrayBuffer();
    return res.status;
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

const agents = new Map<string, unknown>();

/**
 * A dispatcher for fetch whose connections start from `address`: Node's own undici Agent
 * (the class of fetch's global dispatcher; the undici package is not a dependency).
 */
export function fromAddress(address: string): unknown {
  let agent = agents.get(address);
  if (!agent) {
    const global = (globalThis as Record<symbol, object | undefined>)[Symbol.for('undici.globalDispatcher.2')];
    if (!global) throw new Error('fetch has no global undici dispatcher to take the Agent class from');
    const Agent = global.constructor as new (options: { localAddress: string }) => unknown;
    agent = new Agent({ localAddress: address });
    agents.set(address, agent);
  }
  return agent;
}

/** A new listener account (password "listen password"), signed in. */
export async function signedUpListener(baseUrl: string, email: string): Promise<Client> {
  const client = new Client(baseUrl);
  await client.request('/api/signup', { method: 'POST', json: { email, displayName: email.split('@')[0], password: 'listen password' } });
  const res = await client.signIn(email, 'listen password');
  if (res.status !== 200) throw new Error(`sign-in as ${email} answered ${res.status}`);
  return client;
}
