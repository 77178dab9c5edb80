// The entry `npm start`, Docker and the HTTP tests run: Next's standalone server (the path
// given as argument, default ./server.js beside this file), with two routes answered before
// Next's router: GET /api/tracks/<id>/key and POST /api/listening/sessions/<id>/heartbeat,
// what every listener sends most. The app registers that handler at boot (lib/boot.ts) with
// the routes' own code, so statuses, bodies, limits and checks are the routes'; until boot
// has run, and for every other request, Next answers as usual. If a Next upgrade stops
// using http.createServer, the route handlers answer instead: slower, never wrong.
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const createServer = http.createServer;
http.createServer = function (...args) {
  const at = args.findIndex((a) => typeof a === 'function');
  if (at >= 0) {
    const next = args[at];
    args[at] = (req, res) => (globalThis.__mistFastPath?.(req, res) ? undefined : next(req, res));
  }
  return createServer.apply(this, args);
};
await import(pathToFileURL(path.resolve(process.argv[2] ?? path.join(import.meta.dirname, 'server.js'))).href);
