// The entry `npm start`, Docker and the HTTP tests run: Next's standalone server (the path
// given as argument, default ./server.js beside this file), with one route answered before
// Next's router: GET /api/tracks/<id>/key, the hottest request of playback. The app registers
// that handler at boot (lib/playback/key-fast-path.ts) with the key route's own code, so
// statuses, bodies, limits and checks are the route's; until boot has run, and for every
// other request, Next answers as usual. If a Next upgrade stops using http.createServer,
// the route handler in app/api/tracks/[id]/key answers instead: slower, never wrong.
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const createServer = http.createServer;
http.createServer = function (...args) {
  const at = args.findIndex((a) => typeof a === 'function');
  if (at >= 0) {
    const next = args[at];
    args[at] = (req, res) => (globalThis.__mistKeyFastPath?.(req, res) ? undefined : next(req, res));
  }
  return createServer.apply(this, args);
};
await import(pathToFileURL(path.resolve(process.argv[2] ?? path.join(import.meta.dirname, 'server.js'))).href);
