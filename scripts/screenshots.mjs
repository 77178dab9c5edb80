// Screenshots of MIST's pages at desktop and phone widths, to look at them as a person would.
// Usage: node scripts/screenshots.mjs http://localhost:3000 admin@example.org 'password' [outDir]
// Needs Debian's Chromium (apt-get install chromium).
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [base = 'http://localhost:3000', email, password, outDir = 'screenshots'] = process.argv.slice(2);
fs.mkdirSync(outDir, { recursive: true });

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const viewports = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
for (const [name, viewport] of Object.entries(viewports)) {
  const page = await browser.newPage({ viewport });
  const shot = async (label) => page.screenshot({ path: path.join(outDir, `${label}-${name}.png`), fullPage: true });
  await page.goto(`${base}/signin`);
  await shot('signin');
  if (email && password) {
    await page.fill('input[name=email]', email);
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/`);
    for (const route of ['/', '/history', '/admin', '/admin/analytics', '/admin/users', '/account']) {
      await page.goto(base + route);
      // /history draws its chart after its own requests.
      if (route === '/history') await page.waitForLoadState('networkidle');
      await shot(route === '/' ? 'home' : route.slice(1).replaceAll('/', '-'));
    }
  }
  await page.close();
}
await browser.close();
console.log(`screenshots in ${outDir}`);
