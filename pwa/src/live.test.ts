import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveClient, LIVE_PROTOCOL, liveUrl } from './live';
import { InboxItemChangedSubscription, MyItemChangedSubscription } from './graphql/operations';
import { SessionExpiredError } from './session';

/** A WebSocket the test drives: it records what the client sends and plays the server. */
class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: any[] = [];
  closed: { code: number | undefined; reason: string | undefined } | null = null;
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  constructor(
    readonly url: string,
    readonly protocol: string,
  ) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close(code?: number, reason?: string) {
    this.closed = { code, reason };
    this.readyState = 3;
  }
  // server side
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  message(msg: unknown) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

let tokens: boolean[];
let token: (renew: boolean) => Promise<string>;
let online: boolean;
let client: LiveClient;

const flush = () => vi.advanceTimersByTimeAsync(0);
const last = () => FakeSocket.all[FakeSocket.all.length - 1]!;

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.all = [];
  tokens = [];
  online = true;
  token = async (renew) => {
    tokens.push(renew);
    return `tok-${tokens.length}`;
  };
  client = new LiveClient({
    url: () => 'ws://app.test/graphql',
    token: (renew) => token(renew),
    WebSocket: FakeSocket as never,
    online: () => online,
    backoff: (n) => 1000 * 2 ** (n - 1),
    lingerMs: 5000,
    isSessionLost: (e) => e instanceof SessionExpiredError,
  });
});

afterEach(() => {
  client.close();
  vi.useRealTimers();
});

describe('LiveClient (graphql-transport-ws)', () => {
  it('connection_init carries the bearer token; subscribe after connection_ack; next reaches the screen', async () => {
    const seen: unknown[] = [];
    client.subscribe(InboxItemChangedSubscription, (d) => seen.push(d));
    await flush();
    const ws = last();
    expect([ws.url, ws.protocol]).toEqual(['ws://app.test/graphql', LIVE_PROTOCOL]);
    ws.open();
    expect(ws.sent).toEqual([{ type: 'connection_init', payload: { Authorization: 'Bearer tok-1' } }]);
    expect(client.status).toBe('connecting');

    ws.message({ type: 'connection_ack' });
    expect(client.status).toBe('open');
    expect(ws.sent[1]).toEqual({
      id: '1',
      type: 'subscribe',
      payload: { query: InboxItemChangedSubscription.query, operationName: 'InboxItemChanged' },
    });

    ws.message({ type: 'next', id: '1', payload: { data: { inboxItemChanged: { id: 'i1', status: 'SUBMITTED' } } } });
    expect(seen).toEqual([{ inboxItemChanged: { id: 'i1', status: 'SUBMITTED' } }]);
    // An error payload without data is not an event.
    ws.message({ type: 'next', id: '1', payload: { data: null, errors: [{ message: 'x' }] } });
    expect(seen).toHaveLength(1);
  });

  it('answers ping with pong', async () => {
    client.subscribe(MyItemChangedSubscription, () => undefined);
    await flush();
    last().open();
    last().message({ type: 'connection_ack' });
    last().message({ type: 'ping' });
    expect(last().sent.at(-1)).toEqual({ type: 'pong' });
  });

  it('a second screen shares the socket; stopping sends complete; the socket closes after the linger', async () => {
    const stopA = client.subscribe(MyItemChangedSubscription, () => undefined);
    await flush();
    const ws = last();
    ws.open();
    ws.message({ type: 'connection_ack' });
    const stopB = client.subscribe(MyItemChangedSubscription, () => undefined);
    expect(FakeSocket.all).toHaveLength(1);
    expect(ws.sent.filter((m) => m.type === 'subscribe').map((m) => m.id)).toEqual(['1', '2']);
    stopA();
    stopB();
    expect(ws.sent.filter((m) => m.type === 'complete').map((m) => m.id)).toEqual(['1', '2']);
    expect(ws.closed).toBeNull();
    await vi.advanceTimersByTimeAsync(5000);
    expect(ws.closed).toEqual({ code: 1000, reason: 'Normal Closure' });
    expect(client.status).toBe('idle');
  });

  it('reconnects with back-off, subscribes again, and tells the screens to reload what they missed', async () => {
    const resync = vi.fn();
    client.subscribe(InboxItemChangedSubscription, () => undefined, resync);
    await flush();
    last().open();
    last().message({ type: 'connection_ack' });
    expect(resync).not.toHaveBeenCalled();

    last().drop(1006);
    expect(client.status).toBe('waiting');
    await vi.advanceTimersByTimeAsync(999);
    expect(FakeSocket.all).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.all).toHaveLength(2);
    last().drop(1006); // fails again before opening: the next wait is longer
    await vi.advanceTimersByTimeAsync(1999);
    expect(FakeSocket.all).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.all).toHaveLength(3);

    last().open();
    last().message({ type: 'connection_ack' });
    expect(last().sent.filter((m) => m.type === 'subscribe')).toHaveLength(1);
    expect(resync).toHaveBeenCalledTimes(1);
    // The token was not refused: no renewal.
    expect(tokens).toEqual([false, false, false]);
  });

  it('a refused token (closed before the ack) is renewed for the next try', async () => {
    client.subscribe(MyItemChangedSubscription, () => undefined);
    await flush();
    last().open();
    last().drop(1002); // async-graphql: connection_init refused
    await vi.advanceTimersByTimeAsync(1000);
    expect(tokens).toEqual([false, true]);
  });

  it('stops when the session is gone, until reset (a new sign-in)', async () => {
    token = async () => {
      throw new SessionExpiredError('gone');
    };
    client.subscribe(MyItemChangedSubscription, () => undefined);
    await flush();
    expect(client.status).toBe('stopped');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.all).toHaveLength(0);

    token = async () => 'fresh';
    client.reset();
    await flush();
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('waits while offline, and connects at once when the network returns', async () => {
    online = false;
    client.subscribe(MyItemChangedSubscription, () => undefined);
    await flush();
    expect(FakeSocket.all).toHaveLength(0);
    expect(client.status).toBe('waiting');
    online = true;
    dispatchEvent(new Event('online'));
    await flush();
    expect(FakeSocket.all).toHaveLength(1);
    last().open();
    last().message({ type: 'connection_ack' });
    // Going offline drops the socket (it may look open long after the network went).
    online = false;
    dispatchEvent(new Event('offline'));
    expect(last().closed).not.toBeNull();
  });

  it('a socket with no connection_ack in time is dropped and tried again', async () => {
    client.subscribe(MyItemChangedSubscription, () => undefined);
    await flush();
    const ws = last();
    ws.open();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ws.closed?.code).toBe(4408);
  });

  it('a server-ended subscription (error, complete) is not resent on that socket', async () => {
    client.subscribe(InboxItemChangedSubscription, () => undefined);
    await flush();
    last().open();
    last().message({ type: 'connection_ack' });
    last().message({ type: 'error', id: '1', payload: [{ message: 'FORBIDDEN' }] });
    expect(last().sent.filter((m) => m.type === 'subscribe')).toHaveLength(1);
  });

  it('builds ws:// or wss:// from the page origin', () => {
    expect(liveUrl({ protocol: 'https:', host: 'gongzhi.example' })).toBe('wss://gongzhi.example/graphql');
    expect(liveUrl({ protocol: 'http:', host: '127.0.0.1:8080' })).toBe('ws://127.0.0.1:8080/graphql');
  });
});
