// Web Push in Chromium. No push service is reachable here, so the real `pushManager.subscribe()` is
// never called (it would never settle, research/pwa.md §8): pushes reach the service worker through
// CDP `ServiceWorker.deliverPushMessage`, and the opt-in flow runs against a stand-in PushManager
// with the real server (its `subscribePush` validates the endpoint and keys).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CDPSession } from 'playwright-core';
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
const ITEM = '5a0c7a52-3c55-4c3e-9b7e-0d7f1c2b9e41';
const TITLE = '共治 · 您反映的事项有新进展';

let phone: Phone;
let baseUrl: string;
let cdp: CDPSession;
const registrations = new Map<string, string>();
const operations: string[] = [];

beforeAll(async () => {
  baseUrl = inject('baseUrl');
  phone = await launchPhone(baseUrl, { width: WIDTH, height: HEIGHT });
  // As if the user had allowed notifications earlier: the SW may show them, and no prompt can appear.
  await phone.context.grantPermissions(['notifications'], { origin: baseUrl });
  phone.page.on('request', (r) => {
    if (r.url().endsWith('/graphql') && r.method() === 'POST') {
      try {
        operations.push(r.postDataJSON()?.operationName);
      } catch {
        // multipart
      }
    }
  });
});

afterAll(async () => {
  await cdp?.detach().catch(() => undefined);
  await phone?.close();
});

type Shown = { title: string; body: string; tag: string; icon: string; data: any };

/** The notifications the app's service worker is showing, as the page sees them. */
function shownNotifications(): Promise<Shown[]> {
  return phone.page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    return (await reg.getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, icon: n.icon, data: n.data }));
  });
}

async function deliver(data: string): Promise<void> {
  const registrationId = registrations.get(`${baseUrl}/`);
  expect(registrationId).toBeTruthy();
  await cdp.send('ServiceWorker.deliverPushMessage', { origin: baseUrl, registrationId: registrationId!, data });
}

const card = () => phone.page.locator('section.push-opt-in');

describe.sequential('progress notifications (Web Push) on a 360 px phone', () => {
  it('home: the opt-in shows, explained and off; nothing subscribes on load; no axe violations', async () => {
    const { page } = phone;
    await page.goto('/');
    await waitForServiceWorkerControl(page);
    const { body } = await loginThroughUi(page, 'committee', DEMO_PASSWORD);
    const user = body.data.login.session.user;
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`你好，${user.displayName}`);

    await expect.poll(() => card().getAttribute('data-push-status')).toBe('off');
    expect(await page.getByRole('heading', { level: 2, name: '办理进度提醒' }).count()).toBe(1);
    expect(await card().textContent()).toContain('手机会收到通知');
    expect(await card().locator('[data-field="push-state"]').textContent()).toBe('状态：未开启');
    const button = card().getByRole('button', { name: '开启提醒' });
    const box = (await button.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44);
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(WIDTH);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(WIDTH);
    expect(await smallTapTargets(page)).toEqual([]);

    expect(operations).toContain('PushPublicKey');
    expect(operations).not.toContain('SubscribePush');
    expect(
      await page.evaluate(async () => (await (await navigator.serviceWorker.ready).pushManager.getSubscription()) === null),
    ).toBe(true);

    // Scrolled down, the button is clear of the sticky sign-out bar and in the lower half (thumb reach).
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    const scrolled = (await button.boundingBox())!;
    expect(scrolled.y).toBeGreaterThan(HEIGHT / 2);
    expect(
      await button.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return el.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2));
      }),
    ).toBe(true);
    await page.screenshot({ path: `${outDir}home-push-360.png` });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('a push reaches the service worker and shows the item’s notification (CDP deliverPushMessage)', async () => {
    const { page, context } = phone;
    cdp = await context.newCDPSession(page);
    cdp.on('ServiceWorker.workerRegistrationUpdated', (event) => {
      for (const r of event.registrations) if (!r.isDeleted) registrations.set(r.scopeURL, r.registrationId);
    });
    await cdp.send('ServiceWorker.enable');
    await expect.poll(() => registrations.get(`${baseUrl}/`)).toBeTruthy();

    await deliver(JSON.stringify({ title: TITLE, body: '已受理 / accepted', itemId: ITEM, status: 'ACCEPTED' }));
    await expect.poll(shownNotifications).toEqual([
      { title: TITLE, body: '已受理 / accepted', tag: `item:${ITEM}`, icon: `${baseUrl}/icons/icon-192.png`, data: { itemId: ITEM } },
    ]);
  });

  it('a later update of the same item replaces its notification', async () => {
    await deliver(JSON.stringify({ title: TITLE, body: '已办结 / resolved', itemId: ITEM, status: 'RESOLVED' }));
    await expect.poll(async () => (await shownNotifications()).map((n) => n.body)).toEqual(['已办结 / resolved']);
  });

  it('a payload that is not JSON still shows a generic notification in the interface language', async () => {
    await deliver('not json');
    await expect
      .poll(async () => (await shownNotifications()).find((n) => n.tag === 'gongzhi'))
      .toMatchObject({ title: '共治', body: '您反映的事项有新进展，请打开共治查看。', data: {} });
    expect(await shownNotifications()).toHaveLength(2);
  });

  it('turning on and off with a stand-in PushManager: the real server takes and drops the subscription', async () => {
    const { page, context } = phone;
    const serverKey = (await page.evaluate(() => localStorage.getItem('gongzhi.push.serverKey'))) as string;
    expect(serverKey).toMatch(/^[A-Za-z0-9_-]{80,}$/);
    await context.addInitScript(() => {
      const rand = (n: number) => crypto.getRandomValues(new Uint8Array(n));
      const b64url = (b: Uint8Array) => btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      const w = window as unknown as { __push: { keys: string[]; unsubscribed: number } };
      w.__push = { keys: [], unsubscribed: 0 };
      let current: object | null = null;
      // A port nothing listens on: should the server send to it, the push just fails (and is logged).
      const endpoint = `http://127.0.0.1:9/push/e2e-${b64url(rand(8))}`;
      PushManager.prototype.getSubscription = async () => current as PushSubscription | null;
      PushManager.prototype.subscribe = async (options?: PushSubscriptionOptionsInit) => {
        const key = new Uint8Array(options?.applicationServerKey as ArrayBuffer);
        w.__push.keys.push(b64url(key));
        const keys = { p256dh: new Uint8Array([4, ...rand(64)]).buffer, auth: rand(16).buffer };
        const sub = {
          endpoint,
          options: { applicationServerKey: key.buffer, userVisibleOnly: true },
          getKey: (name: 'p256dh' | 'auth') => keys[name],
          unsubscribe: async () => {
            w.__push.unsubscribed++;
            current = null;
            return true;
          },
        };
        current = sub;
        return sub as unknown as PushSubscription;
      };
    });
    await page.reload();
    await expect.poll(() => card().getAttribute('data-push-status')).toBe('off');

    const subscribed = graphqlExchange(page, 'SubscribePush');
    await card().getByRole('button', { name: '开启提醒' }).tap();
    const { body } = await subscribed;
    expect(body.data.subscribePush).toEqual({ ok: true, userErrors: [] });
    await expect.poll(() => card().getAttribute('data-push-status')).toBe('on');
    expect(await card().locator('[data-field="push-state"]').textContent()).toBe('状态：已开启');
    expect(await page.evaluate(() => (window as any).__push.keys)).toEqual([serverKey]);
    expect(await axeViolations(page)).toEqual([]);
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    await page.screenshot({ path: `${outDir}home-push-on-360.png` });

    const unsubscribed = graphqlExchange(page, 'UnsubscribePush');
    await card().getByRole('button', { name: '关闭提醒' }).tap();
    expect((await unsubscribed).body.data.unsubscribePush.ok).toBe(true);
    await expect.poll(() => card().getAttribute('data-push-status')).toBe('off');
    expect(await page.evaluate(() => (window as any).__push.unsubscribed)).toBe(1);
  });

  it('blocked in the browser: says so and how to change it, no button, no axe violations', async () => {
    const { page } = phone;
    await cdp.send('Browser.setPermission', { permission: { name: 'notifications' }, setting: 'denied', origin: baseUrl });
    await page.reload();
    await expect.poll(() => card().getAttribute('data-push-status')).toBe('blocked');
    expect(await card().locator('[data-field="push-state"]').textContent()).toBe('状态：已被浏览器阻止');
    expect(await card().textContent()).toContain('网站设置');
    expect(await card().getByRole('button').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    await page.screenshot({ path: `${outDir}home-push-blocked-360.png` });
  });
});
