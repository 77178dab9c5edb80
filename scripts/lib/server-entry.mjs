// The entry `npm start`, Docker and the HTTP tests run: Next's standalone server (the path
// given as argument, default ./server.js beside this file), with two routes answered before
// Next's router: GET /api/tracks/<id>/key and POST /api/listening/sessions/<id>/heartbeat,
// what every listener sends most. The app registers that handler at boot (lib/boot.ts) with
// the routes' own code, so statuses, bodies, limits and checks are the routes'; until boot
// has run, and for every other request, Next answers as usual. If a Next upgrade stops
// using http.createServer, the route handlers answer instead (slower), but every client
// counts as one address for rate limits (lib/http/client-ip.ts): the HTTP tests say so.
// Every response gets the security headers the app registers at boot, and connections the
// server closes linger (below): a body refused part-way (413) still gets its answer to a
// client that is busy sending.
//
// It is also where MIST learns who the client is, since only here is the socket known: the
// address (MIST_TRUST_PROXY decides how far X-Forwarded-For counts; see client-address.mjs)
// goes to the app in one header, a client's own copy overwritten, and X-Forwarded-* from a
// peer that is not a trusted proxy are dropped before Next (which then sets them from the
// socket and Host) or the fast paths see them.
import http from 'node:http';
import module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLIENT_ADDRESS_HEADER, FORWARDED_HEADERS, parseTrustProxy, resolveClient } from './client-address.mjs';

// Node keeps the compiled code of the server's ~2,000 modules in its compile cache (in the
// temporary directory): a restart loads them ~0.7 s of CPU faster. Where the cache cannot be
// written, Node carries on without it.
module.enableCompileCache?.();

let trust;
try {
  trust = parseTrustProxy(process.env.MIST_TRUST_PROXY);
} catch (error) {
  console.error(`[mist] cannot start. Invalid configuration:\n  - MIST_TRUST_PROXY: ${error.message}`);
  process.exit(1);
}

function admit(req) {
  const { address, peerTrusted } = resolveClient(req.socket.remoteAddress, req.headers['x-forwarded-for'], trust);
  if (!peerTrusted) for (const name of FORWARDED_HEADERS) delete req.headers[name];
  req.headers[CLIENT_ADDRESS_HEADER] = address;
}

/** Whether the path's %-escapes decode (Next's router answers 500 to `/albums/%E0%A4%A`). */
function decodablePath(url = '/') {
  try {
    decodeURIComponent(url.split('?')[0]);
    return true;
  } catch {
    return false;
  }
}

/** 400 with a sentence (JSON under /api, as the routes' errors are), before Next sees it. */
function refuseMalformed(req, res) {
  const message = 'This address is not valid: a % in it is not followed by two hex digits of UTF-8.';
  res.statusCode = 400;
  res.setHeader('cache-control', 'no-store');
  if (req.url.startsWith('/api/')) {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ error: { code: 'bad_request', message } }));
  } else {
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end(message);
  }
}

const createServer = http.createServer;
http.createServer = function (...args) {
  const at = args.findIndex((a) => typeof a === 'function');
  if (at >= 0) {
    const next = args[at];
    args[at] = (req, res) => {
      admit(req);
      if (!decodablePath(req.url)) return refuseMalformed(req, res);
      // Security headers on every response, whoever answers (lib/http/security-headers.ts).
      const headers = globalThis.__mistResponseHeaders;
      if (headers) for (const name in headers) res.setHeader(name, headers[name]);
      return globalThis.__mistFastPath?.(req, res) ? undefined : next(req, res);
    };
    // Read by lib/http/client-ip.ts: without this entry no request carries a trustworthy address.
    globalThis.__mistClientAddressFromEntry = true;
  }
  const server = createServer.apply(this, args);
  server.on('connection', (socket) => (socket.destroySoon = closeLingering));
  return server;
};

/** How long a closed connection goes on reading (and dropping) what its client still sends. */
const LINGER_MS = 2_000;

/**
 * node:http closes a `Connection: close` response's socket as soon as the answer is written.
 * If the client is still sending (a body refused at its limit), the kernel answers what arrives
 * next with a reset, and a client busy writing can lose the 413 it has not read yet. So, like
 * nginx's lingering close: shut our side (FIN), read and drop what still arrives, and close
 * once the client has closed its side or after LINGER_MS.
 */
function closeLingering() {
  if (this.destroyed) return;
  if (this.writable) this.end();
  const timer = setTimeout(() => this.destroy(), LINGER_MS).unref();
  this.once('close', () => clearTimeout(timer));
  this.once('end', () => this.destroy());
  // The request in progress has been answered: nothing that arrives now is parsed or kept.
  this.removeAllListeners('data');
  this.on('data', () => {});
  this.resume();
}
await import(pathToFileURL(path.resolve(process.argv[2] ?? path.join(import.meta.dirname, 'server.js'))).href);
