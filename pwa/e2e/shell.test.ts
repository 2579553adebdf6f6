import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  DEMO_PASSWORD,
  axeViolations,
  graphqlExchange,
  launchPhone,
  loginThroughUi,
  outDir,
  smallTapTargets,
  waitForServiceWorkerControl,
  type Phone,
} from './browser';

const WIDTH = 360;
const HEIGHT = 740;
const HAN = /\p{Script=Han}/u;

let phone: Phone;
let resident: { displayName: string; scope: { label: string } };

const h1 = () => phone.page.getByRole('heading', { level: 1 }).textContent();

beforeAll(async () => {
  phone = await launchPhone(inject('baseUrl'), { width: WIDTH, height: HEIGHT });
});

afterAll(async () => {
  await phone?.close();
});

// The steps build on each other (sign in, go offline, switch language), so they run in order.
describe.sequential('PWA shell on a 360 px phone', () => {
  it('login page: service worker active, installable, manifest without errors', async () => {
    const { page, context } = phone;
    await page.goto('/');
    await expect.poll(h1).toBe('登录共治');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await waitForServiceWorkerControl(page)).toMatch(/\/sw\.js$/);

    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    const manifest = await cdp.send('Page.getAppManifest');
    expect(manifest.errors).toEqual([]);
    expect(JSON.parse(manifest.data ?? '{}')).toMatchObject({
      name: '共治 · 城管社区工作室',
      short_name: '共治',
      lang: 'zh-CN',
      display: 'standalone',
    });
    await cdp.detach();
  });

  it('the page refuses an injected inline script (Content-Security-Policy), and the phone reports it', async () => {
    const { page } = phone;
    const ran = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true;';
      document.body.appendChild(s);
      await new Promise((r) => setTimeout(r, 100));
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => phone.cspViolations.length).toBeGreaterThan(0);
    expect(phone.cspViolations.join('\n')).toMatch(/script-src/);
    // Reported as it should be; the rest of the run must add nothing.
    phone.cspViolations.length = 0;
  });

  it('login page: large tap targets, submit within thumb reach, no axe violations', async () => {
    const { page } = phone;
    expect(await smallTapTargets(page)).toEqual([]);
    const box = (await page.getByRole('button', { name: '登录', exact: true }).boundingBox())!;
    expect(box.y).toBeGreaterThan(HEIGHT / 2);
    expect(box.y + box.height).toBeLessThanOrEqual(HEIGHT);
    await page.screenshot({ path: `${outDir}login-360.png` });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('wrong password shows the server’s localised message', async () => {
    const { page } = phone;
    const { headers, body } = await loginThroughUi(page, 'resident', 'not-the-password');
    expect(headers['accept-language']).toBe('zh-CN');
    const error = body.data?.login?.userErrors?.[0];
    expect(body.data?.login?.session).toBeNull();
    expect(error?.code).toBe('INVALID_CREDENTIALS');
    expect(error?.message).toMatch(HAN);
    await expect.poll(() => page.getByRole('alert').textContent()).toBe(error.message);
    await page.screenshot({ path: `${outDir}login-error-360.png` });
  });

  it('resident home: no axe violations', async () => {
    const { page } = phone;
    const { body } = await loginThroughUi(page, 'resident', DEMO_PASSWORD);
    resident = body.data.login.session.user;
    await expect.poll(h1).toBe(`你好，${resident.displayName}`);
    expect(await page.locator('[data-field="role"]').textContent()).toBe('居民');
    expect(await page.locator('[data-field="scope"]').textContent()).toBe(resident.scope.label);
    await page.screenshot({ path: `${outDir}home-360.png` });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('reloads offline: the cached home renders with an offline notice, and recovers online', async () => {
    const { page, context } = phone;
    await waitForServiceWorkerControl(page);
    await context.setOffline(true);
    await page.reload();
    await expect.poll(h1).toBe(`你好，${resident.displayName}`);
    await expect.poll(() => page.getByText(/^离线模式/).count()).toBe(1);
    expect(await page.locator('[data-field="scope"]').textContent()).toBe(resident.scope.label);
    // Really offline: the API is unreachable from the page.
    expect(await page.evaluate(() => fetch('/healthz').then(() => 'reached', () => 'failed'))).toBe('failed');
    await page.screenshot({ path: `${outDir}home-offline-360.png` });

    const refreshed = graphqlExchange(page, 'RefreshSession');
    await context.setOffline(false);
    expect((await refreshed).body.data?.refreshSession?.session?.user?.displayName).toBe(resident.displayName);
    await expect.poll(() => page.getByText(/^离线模式/).count()).toBe(0);
  });

  it('the service worker leaves server endpoints and real files to the server', async () => {
    const { page } = phone;
    const robots = await page.goto('/robots.txt');
    expect(await robots?.text()).toContain('User-agent');
    const health = await page.goto('/healthz');
    expect(health?.status()).toBe(200);
    expect(await health?.text()).not.toContain('<div id="app">');
    await page.goto('/');
    await expect.poll(h1).toBe(`你好，${resident.displayName}`);
  });

  it('English: the UI and server strings switch, and the choice persists over reload', async () => {
    const { page } = phone;
    const me = graphqlExchange(page, 'Me');
    await page.getByRole('button', { name: 'English' }).tap();
    await expect.poll(h1).toBe(`Hello, ${resident.displayName}`);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.locator('[data-field="role"]').textContent()).toBe('Resident');
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
    // The home re-reads the user in English, so server-localised labels follow.
    const { headers, body: meBody } = await me;
    expect(headers['accept-language']).toBe('en');
    const enLabel = meBody.data?.me?.scope?.label;
    expect(enLabel).toBeTruthy();
    await expect.poll(() => page.locator('[data-field="scope"]').textContent()).toBe(enLabel);

    await page.reload();
    await expect.poll(h1).toBe(`Hello, ${resident.displayName}`);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
    await page.screenshot({ path: `${outDir}home-en-360.png` });

    await page.getByRole('button', { name: 'Sign out' }).tap();
    await expect.poll(h1).toBe('Sign in to Gongzhi');
    const wrong = await loginThroughUi(page, 'resident', 'not-the-password', 'Sign in');
    expect(wrong.headers['accept-language']).toBe('en');
    const message = wrong.body.data?.login?.userErrors?.[0]?.message;
    expect(message).toBeTruthy();
    expect(message).not.toMatch(HAN);
    await expect.poll(() => page.getByRole('alert').textContent()).toBe(message);
  });
});
