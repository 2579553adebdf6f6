// The opt-in on the home screen, inside the real App (session, outbox), with a stand-in browser.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { App } from '../app';
import { loadLang, type Lang } from '../i18n';
import { REFRESH_TOKEN_KEY, SessionManager, USER_KEY, type RequestFn } from '../session';
import { OutboxController } from '../outbox/page';
import { openOutbox } from '../outbox/store';
import type { User } from '../graphql/types';
import { NetworkError } from '../graphql/client';
import { PUSH_OWNER_KEY, PushController, base64UrlDecode, type PushBrowser, type PushSubscriptionLike } from '../push';
import { NAVIGATE_MESSAGE } from '../sw-push';

const KEY = Buffer.from(Uint8Array.from({ length: 65 }, (_, i) => i + 4)).toString('base64url');

const resident: User = {
  id: 'u1',
  displayName: '王芳',
  role: 'RESIDENT',
  status: 'ACTIVE',
  scope: { kind: 'UNIT', label: '安化小区 3号楼 502室' },
};
const officer: User = { id: 'u5', displayName: '李强', role: 'OFFICER', status: 'ACTIVE', scope: { kind: 'SQUAD', label: '第一中队' } };

function subscription(endpoint: string): PushSubscriptionLike & { unsubscribe: ReturnType<typeof vi.fn> } {
  return {
    endpoint,
    options: { applicationServerKey: base64UrlDecode(KEY).buffer },
    getKey: (name) => new Uint8Array(name === 'p256dh' ? 65 : 16).fill(name === 'p256dh' ? 4 : 7).buffer,
    unsubscribe: vi.fn(async () => true),
  };
}

let dbCount = 0;

function mount(
  user: User,
  o: {
    permission?: NotificationPermission;
    answer?: NotificationPermission;
    sub?: ReturnType<typeof subscription> | null;
    handlers?: Record<string, (vars: any) => unknown>;
  } = {},
) {
  localStorage.setItem(REFRESH_TOKEN_KEY, 'r');
  localStorage.setItem(USER_KEY, JSON.stringify(user));
  const calls: { name: string; variables: any }[] = [];
  const handlers: Record<string, (vars: any) => unknown> = {
    RefreshSession: () => ({
      refreshSession: {
        session: { accessToken: 'a', accessTokenExpiresAt: '', refreshToken: 'r2', refreshTokenExpiresAt: '', user },
        userErrors: [],
      },
    }),
    PushPublicKey: () => ({ pushPublicKey: KEY }),
    SubscribePush: () => ({ subscribePush: { ok: true, userErrors: [] } }),
    UnsubscribePush: () => ({ unsubscribePush: { ok: true, userErrors: [] } }),
    Logout: () => ({ logout: { ok: true, userErrors: [] } }),
    ...o.handlers,
  };
  const langRef = { current: loadLang(localStorage) as Lang };
  const send: RequestFn = async (op, variables) => {
    calls.push({ name: op.operationName, variables });
    const h = handlers[op.operationName];
    if (!h) throw new Error(`unexpected ${op.operationName}`);
    return h(variables) as never;
  };
  const session = new SessionManager({ storage: localStorage, lang: () => langRef.current, request: send });
  const outbox = new OutboxController({
    db: openOutbox(`push-test-${++dbCount}`),
    call: (op, variables) => session.authed(op, variables),
    lang: () => langRef.current,
    registerSync: async () => undefined,
  });
  let permission: NotificationPermission = o.permission ?? 'default';
  let current = o.sub ?? null;
  const requestPermission = vi.fn(async () => (permission = o.answer ?? 'granted'));
  const subscribe = vi.fn(async () => (current = subscription('https://push.example.com/send/new')));
  const browser: PushBrowser = {
    supported: true,
    permission: () => permission,
    requestPermission,
    registration: async () => ({ pushManager: { getSubscription: async () => current, subscribe } }),
  };
  const push = new PushController({ browser, call: (op, variables) => session.authed(op, variables), storage: localStorage });
  render(
    <App session={session} storage={localStorage} initialLang={langRef.current} langRef={langRef} outbox={outbox} push={push} />,
  );
  return { calls, requestPermission, subscribe, names: () => calls.map((c) => c.name) };
}

const card = () => document.querySelector<HTMLElement>('section.push-opt-in');

beforeEach(() => localStorage.clear());
afterEach(cleanup);

describe('progress notifications on the home screen', () => {
  it('a resident sees the opt-in, explained, and nothing is asked on load', async () => {
    const m = mount(resident);
    await waitFor(() => expect(card()?.dataset['pushStatus']).toBe('off'));
    expect(screen.getByRole('heading', { level: 2, name: '办理进度提醒' })).toBeTruthy();
    expect(card()!.textContent).toContain('手机会收到通知');
    expect(screen.getByText('状态：未开启')).toBeTruthy();
    expect(m.requestPermission).not.toHaveBeenCalled();
    expect(m.subscribe).not.toHaveBeenCalled();
    expect(m.names()).not.toContain('SubscribePush');
  });

  it('tapping "turn on" asks, subscribes and tells the server; "turn off" undoes both', async () => {
    const m = mount(resident);
    await waitFor(() => expect(screen.getByRole('button', { name: '开启提醒' })).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: '开启提醒' }));
    await waitFor(() => expect(screen.getByText('状态：已开启')).toBeTruthy());
    expect(m.requestPermission).toHaveBeenCalledTimes(1);
    expect(m.calls.find((c) => c.name === 'SubscribePush')?.variables.input.endpoint).toBe('https://push.example.com/send/new');
    // The state line is a live region: the change is announced.
    expect(screen.getByText('状态：已开启').closest('[role="status"]')).toBeTruthy();
    expect(localStorage.getItem(PUSH_OWNER_KEY)).toBe('u1');

    fireEvent.click(screen.getByRole('button', { name: '关闭提醒' }));
    await waitFor(() => expect(screen.getByText('状态：未开启')).toBeTruthy());
    expect(m.calls.find((c) => c.name === 'UnsubscribePush')?.variables).toEqual({
      input: { endpoint: 'https://push.example.com/send/new' },
    });
  });

  it('blocked by the browser: says so and how to change it, with no button', async () => {
    mount(resident, { permission: 'denied' });
    await waitFor(() => expect(screen.getByText('状态：已被浏览器阻止')).toBeTruthy());
    expect(card()!.textContent).toContain('网站设置');
    expect(card()!.querySelector('button')).toBeNull();
  });

  it('denied at the prompt: blocked, nothing subscribed', async () => {
    const m = mount(resident, { answer: 'denied' });
    await waitFor(() => expect(screen.getByRole('button', { name: '开启提醒' })).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: '开启提醒' }));
    await waitFor(() => expect(screen.getByText('状态：已被浏览器阻止')).toBeTruthy());
    expect(card()!.textContent).toContain('网站设置');
    expect(m.subscribe).not.toHaveBeenCalled();
    expect(m.names()).not.toContain('SubscribePush');
  });

  it('the server cannot be reached: an alert, still off, and no subscription left behind', async () => {
    const m = mount(resident, {
      permission: 'granted',
      handlers: {
        SubscribePush: () => {
          throw new NetworkError('Failed to fetch');
        },
      },
    });
    await waitFor(() => expect(screen.getByRole('button', { name: '开启提醒' })).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: '开启提醒' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('无法连接服务器，请检查网络后重试。'));
    expect(screen.getByText('状态：未开启')).toBeTruthy();
    expect(m.subscribe).toHaveBeenCalledTimes(1);
    expect(localStorage.getItem(PUSH_OWNER_KEY)).toBeNull();
  });

  it('prompt dismissed: still off, with a word on why', async () => {
    const m = mount(resident, { answer: 'default' });
    await waitFor(() => expect(screen.getByRole('button', { name: '开启提醒' })).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: '开启提醒' }));
    await waitFor(() => expect(screen.getByText(/没有获得通知权限/)).toBeTruthy());
    expect(screen.getByText('状态：未开启')).toBeTruthy();
    expect(m.subscribe).not.toHaveBeenCalled();
  });

  it('at start, an existing subscription of this account is told to the server again', async () => {
    localStorage.setItem(PUSH_OWNER_KEY, 'u1');
    const m = mount(resident, { permission: 'granted', sub: subscription('https://push.example.com/send/a') });
    await waitFor(() => expect(m.names()).toContain('SubscribePush'));
    expect(m.calls.find((c) => c.name === 'SubscribePush')?.variables.input.endpoint).toBe('https://push.example.com/send/a');
    await waitFor(() => expect(screen.getByText('状态：已开启')).toBeTruthy());
    expect(m.subscribe).not.toHaveBeenCalled();
  });

  it('sign-out unsubscribes (browser and server) before the session ends', async () => {
    localStorage.setItem(PUSH_OWNER_KEY, 'u1');
    const sub = subscription('https://push.example.com/send/a');
    const m = mount(resident, { permission: 'granted', sub });
    await waitFor(() => expect(screen.getByText('状态：已开启')).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: '退出登录' }));
    await waitFor(() => expect(screen.getByText('你已退出登录。')).toBeTruthy());
    expect(sub.unsubscribe).toHaveBeenCalled();
    const names = m.names();
    expect(names.indexOf('UnsubscribePush')).toBeGreaterThan(-1);
    expect(names.indexOf('UnsubscribePush')).toBeLessThan(names.indexOf('Logout'));
  });

  it('officers do not file, so they get no opt-in', async () => {
    mount(officer, { permission: 'granted' });
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('你好，李强'));
    await new Promise((r) => setTimeout(r, 20));
    expect(card()).toBeNull();
  });

  it('a tapped notification (SW message) opens the item in the open window; other messages do nothing', async () => {
    // happy-dom has no ServiceWorkerContainer: an EventTarget stands in for navigator.serviceWorker.
    const container = new EventTarget();
    Object.defineProperty(navigator, 'serviceWorker', { value: container, configurable: true });
    try {
      mount(resident);
      await waitFor(() => expect(card()).toBeTruthy());
      container.dispatchEvent(new MessageEvent('message', { data: { type: NAVIGATE_MESSAGE, path: '//evil.example.com/' } }));
      container.dispatchEvent(new MessageEvent('message', { data: { type: 'other', path: '/items/x' } }));
      expect(location.pathname).toBe('/');
      container.dispatchEvent(new MessageEvent('message', { data: { type: NAVIGATE_MESSAGE, path: '/items/abc' } }));
      await waitFor(() => expect(location.pathname).toBe('/items/abc'));
    } finally {
      history.replaceState(null, '', '/');
      delete (navigator as { serviceWorker?: unknown }).serviceWorker;
    }
  });
});
