// MIST's icons, drawn once in app/icon.svg and rasterised here by Chromium (no other tools):
// the PNGs the web manifest lists (public/icons/), the Apple touch icon (app/apple-icon.png) and
// the favicon (app/favicon.ico). Run after changing app/icon.svg: node scripts/icons.mjs
// Needs Debian's Chromium (apt-get install chromium).
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..');
const svg = fs.readFileSync(path.join(root, 'app', 'icon.svg'), 'utf8');
// Maskable and Apple icons: the platform cuts its own shape, so the background fills the square.
const fullBleed = svg.replace(/<rect ([^>]*)rx="\d+"/, '<rect $1');

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ deviceScaleFactor: 1 });

/** The SVG drawn at size × size pixels, as PNG bytes (transparent outside the shape). */
async function png(source, size) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${source}`);
  return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}

/** An .ico holding PNG images (every browser since IE 11 reads those). */
function ico(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, data }, i) => {
    const at = 6 + 16 * i;
    header.writeUInt8(size % 256, at);
    header.writeUInt8(size % 256, at + 1);
    header.writeUInt16LE(1, at + 4);
    header.writeUInt16LE(32, at + 6);
    header.writeUInt32LE(data.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.data)]);
}

const out = (file, data) => {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), data);
  console.log(`${file} (${data.length} bytes)`);
};
out('public/icons/icon-192.png', await png(svg, 192));
out('public/icons/icon-512.png', await png(svg, 512));
out('public/icons/icon-maskable-512.png', await png(fullBleed, 512));
out('app/apple-icon.png', await png(fullBleed, 180));
const favicons = [];
for (const size of [16, 32, 48]) favicons.push({ size, data: await png(svg, size) });
out('app/favicon.ico', ico(favicons));
await browser.close();
