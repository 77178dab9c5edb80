import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../http/client';
import { startServer, type RunningServer } from '../http/server';
import { launchBrowser, signInPage } from './browser';

// The account page's signed-in devices as a listener uses them (issue 12, item 9): this
// browser marked, another one signed out with its button, then "Sign out everywhere"
// confirmed in the page's own dialog.

const FIREFOX_ANDROID = 'Mozilla/5.0 (Android 15; Mobile; rv:140.0) Gecko/140.0 Firefox/140.0';
const LEE = { email: 'lee@example.org', password: 'lee password 1' };

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  const signup = await new Client(server.url).request('/api/signup', { method: 'POST', json: { email: LEE.email, displayName: 'Lee', password: LEE.password } });
  expect(signup.status).toBe(201);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('signed-in devices on the account page', () => {
  it('marks this device, signs the phone out, then signs out everywhere after a confirmation', async () => {
    const laptop = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    const phone = await (await browser.newContext({ userAgent: FIREFOX_ANDROID, viewport: { width: 390, height: 844 } })).newPage();
    await signInPage(laptop, server.url, LEE.email, LEE.password);
    await signInPage(phone, server.url, LEE.email, LEE.password);

    await laptop.goto(`${server.url}/account`);
    const devices = laptop.getByRole('list', { name: 'Signed-in devices' }).getByRole('listitem');
    await expect.poll(() => devices.count()).toBe(2);
    const here = devices.filter({ hasText: 'This device' });
    await expect.poll(() => here.textContent()).toMatch(/Chrome on Linux.*Active now/);
    await laptop.getByRole('button', { name: /^Sign out Firefox on Android/ }).click();
    await expect.poll(() => laptop.getByRole('status').filter({ hasText: 'That device was signed out.' }).count()).toBe(1);
    await expect.poll(() => devices.count()).toBe(1);

    // The phone finds itself signed out at its next page.
    await phone.goto(`${server.url}/account`);
    await phone.waitForURL((url) => url.pathname === '/signin');

    // Cancel first: nothing happens.
    await laptop.getByRole('button', { name: 'Sign out everywhere' }).click();
    const dialog = laptop.getByRole('dialog', { name: 'Sign out everywhere?' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await laptop.reload();
    expect(laptop.url()).toBe(`${server.url}/account`);

    await laptop.getByRole('button', { name: 'Sign out everywhere' }).click();
    await dialog.getByRole('button', { name: 'Sign out everywhere' }).click();
    await laptop.waitForURL((url) => url.pathname === '/signin', { timeout: 30_000 });
    await laptop.goto(`${server.url}/account`);
    await laptop.waitForURL((url) => url.pathname === '/signin');
  });
});
