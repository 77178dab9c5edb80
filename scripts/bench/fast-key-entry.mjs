// Prototype entry (issue 5), used by `npm run bench:key`: starts the standalone server given
// as argument, but lets the app answer GET /api/tracks/<id>/key before Next's router sees
// the request (lib/playback/key-fast-path.ts registers the handler at boot). Everything
// else, and every request until boot has run, goes to Next unchanged.
import http from 'node:http';

const createServer = http.createServer;
http.createServer = function (...args) {
  const at = args.findIndex((a) => typeof a === 'function');
  const next = args[at];
  args[at] = (req, res) => (globalThis.__mistKeyFastPath?.(req, res) ? undefined : next(req, res));
  return createServer.apply(this, args);
};
await import(process.argv[2]);
