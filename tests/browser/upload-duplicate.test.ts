import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, makeTestAudio, removeTempDirs } from '@/lib/media/test-audio';
import { Client } from '../http/client';
import { startServer, type RunningServer } from '../http/server';
import { settled, uploadAs } from '../http/tracks';
import { launchBrowser, signInPage } from './browser';

// The upload page, when the file dropped on it is already in the library (issue 12, item 14).

const ADMIN = { email: 'admin@example.org', password: 'admin password' };
let server: RunningServer;
let browser: Browser;
let file: string;
let existing: string;

beforeAll(async () => {
  server = await startServer({ env: { MIST_ADMIN_EMAIL: ADMIN.email, MIST_ADMIN_PASSWORD: ADMIN.password } });
  const admin = new Client(server.url);
  expect((await admin.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
  file = await makeTestAudio(await makeTempDir('mist-browser-upload-'), 'chord', 4);
  existing = await uploadAs(admin, file, 'Heard Before.flac');
  expect((await settled(admin, existing)).status).toBe('ready');
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await removeTempDirs();
});

describe('the upload page', () => {
  it('says a file is already in the library and links to that track', async () => {
    const page = await (await browser.newContext()).newPage();
    await signInPage(page, server.url, ADMIN.email, ADMIN.password);
    await page.goto(new URL('/admin/upload', server.url).href);
    await page.getByLabel('Choose audio files').setInputFiles(file);
    const link = page.getByRole('link', { name: 'see that track' });
    await link.waitFor({ timeout: 30_000 });
    const item = await page.getByRole('listitem').filter({ has: link }).innerText();
    expect(item).toContain('Already in the library');
    expect(item).toContain('This file is already in the library as "Heard Before".');
    expect(item).not.toMatch(/Failed/);
    expect(await link.getAttribute('href')).toBe(`/admin/tracks/${existing}`);
    await link.click();
    await page.waitForURL(`**/admin/tracks/${existing}`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain('Heard Before');
  });
});
