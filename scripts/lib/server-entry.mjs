// The entry `npm start`, Docker and the HTTP tests run: Next's standalone server (the path
// given as argument, default ./server.js beside this file), with two routes answered before
// Next's router: GET /api/tracks/<id>/key and POST /api/listening/sessions/<id>/heartbeat,
// what every listener sends most. The app registers that handler at boot (lib/boot.ts) with
// the routes' own code, so statuses, bodies, limits and checks are the routes'; until boot
// has run, and for every other request, Next answers as usual. If a Next upgrade stops
// using http.createServer, the route handlers answer instead (slower), but every client
// counts as one address for rate limits (lib/http/client-ip.ts): the HTTP tests say so.
//
// It is also where MIST learns who the client is, since only here is the socket known: the
// address (MIST_TRUST_PROXY decides how far X-Forwarded-For counts; see client-address.mjs)
// goes to the app in one header, a client's own copy overwritten, and X-Forwarded-* from a
// peer that is not a trusted proxy are dropped before Next (which then sets them from the
// socket and Host) or the fast paths see them.
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLIENT_ADDRESS_HEADER, FORWARDED_HEADERS, parseTrustProxy, resolveClient } from './client-address.mjs';

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

const createServer = http.createServer;
http.createServer = function (...args) {
  const at = args.findIndex((a) => typeof a === 'function');
  if (at >= 0) {
    const next = args[at];
    args[at] = (req, res) => {
      admit(req);
      return globalThis.__mistFastPath?.(req, res) ? undefined : next(req, res);
    };
    // Read by lib/http/client-ip.ts: without this entry no request carries a trustworthy address.
    globalThis.__mistClientAddressFromEntry = true;
  }
  return createServer.apply(this, args);
};
await import(pathToFileURL(path.resolve(process.argv[2] ?? path.join(import.meta.dirname, 'server.js'))).href);
