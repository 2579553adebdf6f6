import { beforeEach, describe, expect, it, vi } from 'vitest';
import { NetworkError } from './graphql/client';
import type { Operation } from './graphql/operations';
import type { Caller } from './outbox/send';
import {
  PUSH_OWNER_KEY,
  PUSH_SERVER_KEY,
  PushController,
  PushRefusedError,
  PushServiceError,
  base64UrlDecode,
  base64UrlEncode,
  type PushBrowser,
  type PushManagerLike,
  type PushSubscriptionLike,
} from './push';

const bytes = (n: number, first: number) => Uint8Array.from({ length: n }, (_, i) => (first + i * 7) % 256);
const b64url = (b: Uint8Array) => Buffer.from(b).toString('base64url');

const SERVER_KEY_BYTES = bytes(65, 4);
const SERVER_KEY = b64url(SERVER_KEY_BYTES);
const NEW_SERVER_KEY = b64url(bytes(65, 9));

class FakeSubscription implements PushSubscriptionLike {
  readonly unsubscribe = vi.fn(async () => true);
  readonly p256dh: Uint8Array;
  readonly auth: Uint8Array;
  readonly options: { applicationServerKey: ArrayBuffer | null };
  constructor(
    readonly endpoint: string,
    key: string | null = SERVER_KEY,
    seed = 0,
  ) {
    this.p256dh = bytes(65, 4 + seed);
    this.auth = bytes(16, 100 + seed);
    this.options = { applicationServerKey: key ? base64UrlDecode(key).buffer : null };
  }
  getKey(name: 'p256dh' | 'auth'): ArrayBuffer {
    return (name === 'p256dh' ? this.p256dh : this.auth).slice().buffer;
  }
}

interface FakeBrowserOptions {
  supported?: boolean;
  permission?: NotificationPermission;
  /** What the prompt answers. */
  answer?: NotificationPermission;
  subscription?: FakeSubscription | null;
  /** What `pushManager.subscribe` gives; by default a new subscription at …/new. */
  subscribe?: () => Promise<FakeSubscription>;
  noRegistration?: boolean;
}

function fakeBrowser(o: FakeBrowserOptions = {}) {
  let permission: NotificationPermission = o.permission ?? 'default';
  let current: FakeSubscription | null = o.subscription ?? null;
  const requestPermission = vi.fn(async () => (permission = o.answer ?? 'granted'));
  const subscribe = vi.fn(async (_options: { userVisibleOnly: boolean; applicationServerKey: Uint8Array }) => {
    const sub = await (o.subscribe ?? (async () => new FakeSubscription('https://push.example.com/send/new', SERVER_KEY, 1)))();
    current = sub;
    const unsubscribe = sub.unsubscribe.getMockImplementation();
    sub.unsubscribe.mockImplementation(async () => {
      if (current === sub) current = null;
      return (await unsubscribe?.()) ?? true;
    });
    return sub;
  });
  if (current) {
    const sub = current;
    sub.unsubscribe.mockImplementation(async () => {
      if (current === sub) current = null;
      return true;
    });
  }
  const pushManager: PushManagerLike = { getSubscription: vi.fn(async () => current), subscribe };
  const registration = vi.fn(async () => (o.noRegistration ? undefined : { pushManager }));
  const browser: PushBrowser = {
    supported: o.supported ?? true,
    permission: () => permission,
    requestPermission,
    registration,
  };
  return { browser, requestPermission, subscribe, registration, current: () => current };
}

interface Call {
  operationName: string;
  variables: any;
}

/** A scripted GraphQL server for the page's caller. */
function fakeServer(handlers: Record<string, (vars: any) => unknown> = {}) {
  const calls: Call[] = [];
  const all: Record<string, (vars: any) => unknown> = {
    PushPublicKey: () => ({ pushPublicKey: SERVER_KEY }),
    SubscribePush: () => ({ subscribePush: { ok: true, userErrors: [] } }),
    UnsubscribePush: () => ({ unsubscribePush: { ok: true, userErrors: [] } }),
    ...handlers,
  };
  const call: Caller = async <TData, TVariables>(op: Operation<TData, TVariables>, variables: TVariables) => {
    calls.push({ operationName: op.operationName, variables });
    const h = all[op.operationName];
    if (!h) throw new Error(`unexpected ${op.operationName}`);
    return h(variables) as TData;
  };
  const named = (name: string) => calls.filter((c) => c.operationName === name);
  return { call, calls, named };
}

function make(browser: PushBrowser, server = fakeServer(), extra: { online?: () => boolean; subscribeTimeoutMs?: number; signOutTimeoutMs?: number } = {}) {
  return new PushController({ browser, call: server.call, storage: localStorage, ...extra });
}

beforeEach(() => localStorage.clear());

describe('base64url', () => {
  it('round-trips without padding', () => {
    for (const n of [0, 1, 2, 3, 16, 65]) {
      const b = bytes(n, 250);
      expect(base64UrlEncode(b.buffer)).toBe(b64url(b));
      expect([...base64UrlDecode(b64url(b))]).toEqual([...b]);
    }
  });
});

describe('PushController: state', () => {
  it('no Push API: unsupported, and nothing is asked of the server', async () => {
    const server = fakeServer();
    const { browser, registration } = fakeBrowser({ supported: false });
    expect(await make(browser, server).refresh()).toBe('unsupported');
    expect(server.calls).toEqual([]);
    expect(registration).not.toHaveBeenCalled();
  });

  it('push off on the server (null key): unsupported', async () => {
    const server = fakeServer({ PushPublicKey: () => ({ pushPublicKey: null }) });
    const push = make(fakeBrowser().browser, server);
    expect(await push.refresh()).toBe('unsupported');
    expect(push.current).toBe('unsupported');
  });

  it('no service worker: unsupported', async () => {
    expect(await make(fakeBrowser({ noRegistration: true }).browser).refresh()).toBe('unsupported');
  });

  it('off without a subscription, on with one, blocked when the browser denies', async () => {
    expect(await make(fakeBrowser({ permission: 'granted' }).browser).refresh()).toBe('off');
    const sub = new FakeSubscription('https://push.example.com/send/a');
    expect(await make(fakeBrowser({ permission: 'granted', subscription: sub }).browser).refresh()).toBe('on');
    expect(await make(fakeBrowser({ permission: 'denied' }).browser).refresh()).toBe('blocked');
  });

  it('reading the state never prompts, never subscribes and tells listeners', async () => {
    const { browser, requestPermission, subscribe } = fakeBrowser();
    const push = make(browser);
    const seen: unknown[] = [];
    push.subscribe((s) => seen.push(s));
    await push.refresh();
    await push.sync('u1');
    expect(requestPermission).not.toHaveBeenCalled();
    expect(subscribe).not.toHaveBeenCalled();
    expect(seen).toEqual([null, 'off', 'off']);
  });

  it('asks the server for its key once per page load, and keeps it for offline starts', async () => {
    const server = fakeServer();
    const push = make(fakeBrowser().browser, server);
    await push.refresh();
    await push.refresh();
    expect(server.named('PushPublicKey')).toHaveLength(1);
    expect(localStorage.getItem(PUSH_SERVER_KEY)).toBe(SERVER_KEY);

    const offlineServer = fakeServer();
    const offline = make(fakeBrowser().browser, offlineServer, { online: () => false });
    expect(await offline.refresh()).toBe('off');
    expect(offlineServer.calls).toEqual([]);

    const unreachable = fakeServer({
      PushPublicKey: () => {
        throw new NetworkError('Failed to fetch');
      },
    });
    expect(await make(fakeBrowser().browser, unreachable).refresh()).toBe('off');
  });
});

describe('PushController: turning on', () => {
  it('asks for the permission, subscribes with the server key and sends the endpoint and base64url keys', async () => {
    const server = fakeServer();
    const { browser, requestPermission, subscribe, current } = fakeBrowser();
    const push = make(browser, server);
    expect(await push.refresh()).toBe('off');

    expect(await push.enable('u1')).toBe('on');
    expect(requestPermission).toHaveBeenCalledTimes(1);
    expect(subscribe).toHaveBeenCalledTimes(1);
    const options = subscribe.mock.calls[0]![0];
    expect(options.userVisibleOnly).toBe(true);
    expect([...options.applicationServerKey]).toEqual([...SERVER_KEY_BYTES]);

    const sub = current()!;
    expect(server.named('SubscribePush').map((c) => c.variables)).toEqual([
      { input: { endpoint: 'https://push.example.com/send/new', p256dh: b64url(sub.p256dh), auth: b64url(sub.auth) } },
    ]);
    expect(server.named('SubscribePush')[0]!.variables.input.p256dh).not.toMatch(/[+/=]/);
    expect(localStorage.getItem(PUSH_OWNER_KEY)).toBe('u1');
    expect(push.current).toBe('on');
  });

  it('permission already granted: no prompt', async () => {
    const { browser, requestPermission, subscribe } = fakeBrowser({ permission: 'granted' });
    expect(await make(browser).enable('u1')).toBe('on');
    expect(requestPermission).not.toHaveBeenCalled();
    expect(subscribe).toHaveBeenCalledTimes(1);
  });

  it('denied at the prompt: blocked, and nothing is subscribed or sent', async () => {
    const server = fakeServer();
    const { browser, subscribe, registration } = fakeBrowser({ answer: 'denied' });
    const push = make(browser, server);
    expect(await push.enable('u1')).toBe('blocked');
    expect(push.current).toBe('blocked');
    expect(subscribe).not.toHaveBeenCalled();
    expect(registration).not.toHaveBeenCalled();
    expect(server.calls).toEqual([]);
    expect(localStorage.getItem(PUSH_OWNER_KEY)).toBeNull();
  });

  it('already blocked: no prompt, nothing called', async () => {
    const server = fakeServer();
    const { browser, requestPermission, subscribe } = fakeBrowser({ permission: 'denied' });
    expect(await make(browser, server).enable('u1')).toBe('blocked');
    expect(requestPermission).not.toHaveBeenCalled();
    expect(subscribe).not.toHaveBeenCalled();
    expect(server.calls).toEqual([]);
  });

  it('prompt dismissed: still off, nothing called', async () => {
    const server = fakeServer();
    const { browser, subscribe } = fakeBrowser({ answer: 'default' });
    expect(await make(browser, server).enable('u1')).toBe('off');
    expect(subscribe).not.toHaveBeenCalled();
    expect(server.calls).toEqual([]);
  });

  it('the server refuses: the browser subscription is dropped and the message surfaces', async () => {
    const server = fakeServer({
      SubscribePush: () => ({
        subscribePush: { ok: false, userErrors: [{ field: ['input', 'endpoint'], code: 'PUSH_ENDPOINT_INVALID', message: '推送地址无效' }] },
      }),
    });
    const { browser, current } = fakeBrowser({ permission: 'granted' });
    const push = make(browser, server);
    const error = await push.enable('u1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PushRefusedError);
    expect((error as Error).message).toBe('推送地址无效');
    expect(current()).toBeNull();
    expect(push.current).toBe('off');
    expect(localStorage.getItem(PUSH_OWNER_KEY)).toBeNull();
  });

  it('a push service that never answers ends in a PushServiceError, not a spinner', async () => {
    const server = fakeServer();
    const { browser } = fakeBrowser({ permission: 'granted', subscribe: () => new Promise(() => undefined) });
    const error = await make(browser, server, { subscribeTimeoutMs: 20 }).enable('u1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PushServiceError);
    expect(server.named('SubscribePush')).toEqual([]);
  });

  it('a subscription left with an old server key is replaced', async () => {
    const old = new FakeSubscription('https://push.example.com/send/old', NEW_SERVER_KEY);
    const { browser, subscribe } = fakeBrowser({ permission: 'granted', subscription: old });
    expect(await make(browser).enable('u1')).toBe('on');
    expect(old.unsubscribe).toHaveBeenCalled();
    expect(subscribe).toHaveBeenCalledTimes(1);
  });
});

describe('PushController: turning off', () => {
  it('unsubscribes in the browser and on the server', async () => {
    const sub = new FakeSubscription('https://push.example.com/send/a');
    localStorage.setItem(PUSH_OWNER_KEY, 'u1');
    const server = fakeServer();
    const { browser, current } = fakeBrowser({ permission: 'granted', subscription: sub });
    const push = make(browser, server);
    expect(await push.disable()).toBe('off');
    expect(sub.unsubscribe).toHaveBeenCalledTimes(1);
    expect(current()).toBeNull();
    expect(server.named('UnsubscribePush').map((c) => c.variables)).toEqual([
      { input: { endpoint: 'https://push.example.com/send/a' } },
    ]);
    expect(localStorage.getItem(PUSH_OWNER_KEY)).toBeNull();
  });

  it('offline: the browser still drops it (the server learns from the push service)', async () => {
    const sub = new FakeSubscription('https://push.example.com/send/a');
    const server = fakeServer({
      UnsubscribePush: () => {
        throw new NetworkError('Failed to fetch');
      },
    });
    const push = make(fakeBrowser({ permission: 'granted', subscription: sub }).browser, server);
    expect(await push.disable()).toBe('off');
    expect(sub.unsubscribe).toHaveBeenCalledTimes(1);
  });

  it('sign-out unsubscribes both, and does not hang when the browser does not answer', async () => {
    const sub = new FakeSubscription('https://push.example.com/send/a');
    const server = fakeServer();
    const push = make(fakeBrowser({ permission: 'granted', subscription: sub }).browser, server);
    await push.refresh();
    await push.signOut();
    expect(sub.unsubscribe).toHaveBeenCalledTimes(1);
    expect(server.named('UnsubscribePush')).toHaveLength(1);
    expect(push.current).toBeNull();

    const stuck: PushBrowser = { ...fakeBrowser().browser, registration: () => new Promise(() => undefined) };
    await make(stuck, fakeServer(), { signOutTimeoutMs: 20 }).signOut();
  });
});

describe('PushController: re-sync at start', () => {
  it('tells the server again about this account’s subscription (no prompt, no new subscription)', async () => {
    const sub = new FakeSubscription('https://push.example.com/send/a');
    localStorage.setItem(PUSH_OWNER_KEY, 'u1');
    const server = fakeServer();
    const { browser, requestPermission, subscribe } = fakeBrowser({ permission: 'granted', subscription: sub });
    expect(await make(browser, server).sync('u1')).toBe('on');
    expect(server.named('SubscribePush').map((c) => c.variables)).toEqual([
      { input: { endpoint: 'https://push.example.com/send/a', p256dh: b64url(sub.p256dh), auth: b64url(sub.auth) } },
    ]);
    expect(requestPermission).not.toHaveBeenCalled();
    expect(subscribe).not.toHaveBeenCalled();
    expect(sub.unsubscribe).not.toHaveBeenCalled();
  });

  it('stays on when the server cannot be reached (told again next time)', async () => {
    const sub = new FakeSubscription('https://push.example.com/send/a');
    localStorage.setItem(PUSH_OWNER_KEY, 'u1');
    const server = fakeServer({
      SubscribePush: () => {
        throw new NetworkError('Failed to fetch');
      },
    });
    expect(await make(fakeBrowser({ permission: 'granted', subscription: sub }).browser, server).sync('u1')).toBe('on');
    expect(sub.unsubscribe).not.toHaveBeenCalled();
  });

  it('drops a subscription made for another account on this phone', async () => {
    const sub = new FakeSubscription('https://push.example.com/send/a');
    localStorage.setItem(PUSH_OWNER_KEY, 'someone-else');
    const server = fakeServer();
    expect(await make(fakeBrowser({ permission: 'granted', subscription: sub }).browser, server).sync('u1')).toBe('off');
    expect(sub.unsubscribe).toHaveBeenCalledTimes(1);
    expect(server.named('SubscribePush')).toEqual([]);
    expect(localStorage.getItem(PUSH_OWNER_KEY)).toBeNull();
  });

  it('the server key changed: the old endpoint is forgotten and a new subscription is told', async () => {
    const old = new FakeSubscription('https://push.example.com/send/old', NEW_SERVER_KEY);
    localStorage.setItem(PUSH_OWNER_KEY, 'u1');
    const server = fakeServer();
    const { browser, subscribe, requestPermission } = fakeBrowser({ permission: 'granted', subscription: old });
    expect(await make(browser, server).sync('u1')).toBe('on');
    expect(old.unsubscribe).toHaveBeenCalledTimes(1);
    expect(requestPermission).not.toHaveBeenCalled();
    expect(subscribe).toHaveBeenCalledTimes(1);
    expect(server.named('UnsubscribePush').map((c) => c.variables.input.endpoint)).toEqual(['https://push.example.com/send/old']);
    expect(server.named('SubscribePush').map((c) => c.variables.input.endpoint)).toEqual(['https://push.example.com/send/new']);
  });
});
