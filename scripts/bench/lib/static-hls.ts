import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

/**
 * The baseline: a plain node:http server with one track's published HLS files (same ladder,
 * same segments), the key inline in the variant playlists as a data: URI, and a page that
 * plays it with default hls.js. `/p<n>/...` serves the same files under a fresh path per
 * play, so nothing comes from a cache; responses say no-store as well.
 */
export async function startStaticHls(trackDir: string, key: Buffer, hlsJs: string): Promise<{ url: string; close(): Promise<void> }> {
  const dataUri = `data:application/octet-stream;base64,${key.toString('base64')}`;
  const page = `<!doctype html><meta charset="utf-8"><title>baseline</title>
<audio preload="auto"></audio><button type="button" aria-label="Play">Play</button>
<script src="/hls.min.js"></script>
<script>
  const audio = document.querySelector('audio');
  let hls = null, n = 0;
  document.querySelector('button').addEventListener('click', () => {
    if (hls) hls.destroy();
    hls = new Hls();
    hls.on(Hls.Events.MANIFEST_PARSED, () => audio.play().catch(() => {}));
    hls.loadSource('/p' + ++n + '/master.m3u8');
    hls.attachMedia(audio);
  });
</script>`;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, type: string, body: string | Buffer) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    if (url.pathname === '/') return send(200, 'text/html; charset=utf-8', page);
    if (url.pathname === '/hls.min.js') return send(200, 'text/javascript', fs.readFileSync(hlsJs));
    const m = /^\/p\d+\/((?:[a-z0-9]+\/)?[a-z0-9_]+\.(m3u8|ts))$/.exec(url.pathname);
    const file = m ? path.join(trackDir, m[1]!) : '';
    if (!m || !fs.existsSync(file)) return send(404, 'text/plain', 'not found');
    if (m[2] === 'ts') return send(200, 'video/mp2t', fs.readFileSync(file));
    const text = fs.readFileSync(file, 'utf8').replace(/(#EXT-X-KEY:[^\n]*URI=")[^"]*"/g, `$1${dataUri}"`);
    return send(200, 'application/vnd.apple.mpegurl', text);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as import('node:net').AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}
