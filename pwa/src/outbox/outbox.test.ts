import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GraphQLRequestError, NetworkError } from '../graphql/client';
import type { Operation } from '../graphql/operations';
import type { FileComplaintInput } from '../graphql/types';
import { OutboxController } from './page';
import type { Caller } from './send';
import { flushOutbox, listEntries, loadAuth, openOutbox, type OutboxDb, type OutboxEntry } from './store';
import { sendEntry } from './send';

let dbName = 0;
let clock = Date.parse('2026-11-27T08:00:00Z');
let db: Promise<OutboxDb>;
let online: boolean;
let calls: { operationName: string; variables: any }[];
let answer: (operationName: string, variables: any) => unknown;
let controller: OutboxController;
let syncRegistrations: number;

const item = (id: string) => ({ id, status: 'SUBMITTED' });

const call: Caller = async <TData, TVariables>(op: Operation<TData, TVariables>, variables: TVariables) => {
  calls.push({ operationName: op.operationName, variables });
  return answer(op.operationName, variables) as TData;
};

function complaint(userId = 'u1', description = '楼道堆物'): OutboxEntry {
  const key = crypto.randomUUID();
  const input: FileComplaintInput = { idempotencyKey: key, description, matterCode: null, publicSafety: false };
  return {
    kind: 'complaint',
    key,
    userId,
    input,
    createdAt: new Date(clock++).toISOString(),
    state: 'queued',
    title: null,
    text: description,
    attempts: 0,
    error: null,
  };
}

beforeEach(async () => {
  db = openOutbox(`outbox-test-${++dbName}`);
  online = true;
  calls = [];
  syncRegistrations = 0;
  answer = (_op, v) => ({ fileComplaint: { item: item(`item-for-${v.input.idempotencyKey}`), userErrors: [] } });
  controller = new OutboxController({
    db,
    call,
    lang: () => 'zh-CN',
    online: () => online,
    registerSync: async () => {
      syncRegistrations++;
    },
  });
  await controller.setUser('u1');
});

afterEach(async () => {
  controller.close();
  (await db).close();
});

describe('outbox', () => {
  it('queues a filing made offline, lists it, and asks for a Background Sync', async () => {
    online = false;
    const entry = complaint();
    await expect(controller.submit(entry)).resolves.toEqual({ state: 'queued' });
    expect(calls).toEqual([]);
    expect(controller.current.map((e) => [e.key, e.state])).toEqual([[entry.key, 'queued']]);
    expect(syncRegistrations).toBeGreaterThanOrEqual(1);
  });

  it('sends immediately when online', async () => {
    const entry = complaint();
    await expect(controller.submit(entry)).resolves.toEqual({ state: 'sent', itemId: `item-for-${entry.key}` });
    expect(calls).toHaveLength(1);
    expect(controller.current).toEqual([]);
    // No Background Sync racing the page's own try.
    expect(syncRegistrations).toBe(0);
  });

  it('replays once back online, with the key it got at creation, and only once', async () => {
    online = false;
    const a = complaint('u1', 'a');
    const b = complaint('u1', 'b');
    await controller.submit(a);
    await controller.submit(b);
    expect(controller.current).toHaveLength(2);

    online = true;
    const result = await controller.flush();
    expect(result?.sent.map((s) => s.key)).toEqual([a.key, b.key]);
    expect(calls.map((c) => [c.operationName, c.variables.input.idempotencyKey])).toEqual([
      ['FileComplaint', a.key],
      ['FileComplaint', b.key],
    ]);
    expect(controller.current).toEqual([]);

    await controller.flush();
    expect(calls).toHaveLength(2);
  });

  it('concurrent replays (online event, start-up, another tab) send an entry once', async () => {
    online = false;
    await controller.submit(complaint());
    online = true;
    const other = await openOutbox(`outbox-test-${dbName}`);
    await Promise.all([
      controller.flush(),
      controller.flush(),
      flushOutbox(other, 'u1', (e) => sendEntry(e, call)),
    ]);
    other.close();
    expect(calls).toHaveLength(1);
  });

  it('userErrors move the entry to "needs attention" with the server message, and stop nothing else', async () => {
    online = false;
    const bad = complaint('u1', 'bad');
    const good = complaint('u1', 'good');
    await controller.submit(bad);
    await controller.submit(good);
    answer = (_op, v) =>
      v.input.description === 'bad'
        ? { fileComplaint: { item: null, userErrors: [{ field: ['input', 'description'], code: 'TOO_SHORT', message: '描述太短' }] } }
        : { fileComplaint: { item: item('ok'), userErrors: [] } };
    online = true;
    await controller.flush();
    expect(controller.current.map((e) => [e.key, e.state, e.error])).toEqual([
      [bad.key, 'attention', { code: 'TOO_SHORT', message: '描述太短' }],
    ]);
    // Not retried by later replays…
    await controller.flush();
    expect(calls.filter((c) => c.variables.input.idempotencyKey === bad.key)).toHaveLength(1);
    // …until the user asks, and then with the same key.
    answer = () => ({ fileComplaint: { item: item('fixed'), userErrors: [] } });
    await controller.retry(bad.key);
    expect(calls.filter((c) => c.variables.input.idempotencyKey === bad.key)).toHaveLength(2);
    expect(controller.current).toEqual([]);
  });

  it('a 4xx GraphQL refusal needs attention; the immediate submit reports the message', async () => {
    answer = () => {
      throw new GraphQLRequestError('Variable "$input" got invalid value', 'BAD_REQUEST', 400);
    };
    const entry = complaint();
    await expect(controller.submit(entry)).resolves.toEqual({
      state: 'attention',
      message: 'Variable "$input" got invalid value',
    });
    expect(controller.current[0]).toMatchObject({ key: entry.key, state: 'attention' });
  });

  it.each([
    ['a network error', () => new NetworkError('Failed to fetch')],
    ['a 5xx', () => new GraphQLRequestError('服务暂不可用', 'INTERNAL', 503)],
    ['an internal error', () => new GraphQLRequestError('内部错误', 'INTERNAL', 200)],
    ['a rate limit', () => new GraphQLRequestError('请求过于频繁', 'RATE_LIMITED', 429)],
    ['a database that cannot serve now', () => new GraphQLRequestError('系统繁忙', 'UNAVAILABLE', 503)],
    ['a commit without an answer', () => new GraphQLRequestError('无法确认', 'OUTCOME_UNKNOWN', 503)],
    ["the server's request timeout", () => new GraphQLRequestError('处理超时', 'TIMEOUT', 504)],
    ['an unauthenticated answer', () => new GraphQLRequestError('请先登录', 'UNAUTHENTICATED', 401)],
  ])('%s keeps the entry queued; the next replay sends it with the same key', async (_name, failure) => {
    answer = () => {
      throw failure();
    };
    const entry = complaint();
    await expect(controller.submit(entry)).resolves.toEqual({ state: 'queued' });
    expect(controller.current.map((e) => [e.key, e.state])).toEqual([[entry.key, 'queued']]);
    // Still queued after the page's try: Background Sync takes over.
    expect(syncRegistrations).toBe(1);

    answer = () => ({ fileComplaint: { item: item('x'), userErrors: [] } });
    await controller.flush();
    expect(calls.map((c) => c.variables.input.idempotencyKey)).toEqual([entry.key, entry.key]);
    expect(controller.current).toEqual([]);
  });

  it('a transient failure stops the run: later entries wait their turn', async () => {
    online = false;
    await controller.submit(complaint('u1', 'a'));
    await controller.submit(complaint('u1', 'b'));
    answer = () => {
      throw new NetworkError('Failed to fetch');
    };
    online = true;
    const result = await controller.flush();
    expect(result).toMatchObject({ stopped: 'retry', remaining: 2 });
    expect(calls).toHaveLength(1);
    expect(controller.current.map((e) => e.attempts)).toEqual([1, 0]);
  });

  it('sends only the signed-in account’s entries', async () => {
    online = false;
    const mine = complaint('u1');
    const theirs = complaint('u2');
    await controller.submit(mine);
    await putForeign(theirs);
    online = true;
    await controller.flush();
    expect(calls.map((c) => c.variables.input.idempotencyKey)).toEqual([mine.key]);
    expect((await listEntries(await db, 'u2')).map((e) => e.key)).toEqual([theirs.key]);
  });

  it('keeps the access token (and language) for the service worker, and forgets it', async () => {
    await controller.storeAuth({ userId: 'u1', accessToken: 't', accessTokenExpiresAt: '2030-01-01T00:00:00Z' });
    expect(await loadAuth(await db)).toEqual({
      userId: 'u1',
      accessToken: 't',
      accessTokenExpiresAt: '2030-01-01T00:00:00Z',
      lang: 'zh-CN',
    });
    await controller.storeAuth(null);
    expect(await loadAuth(await db)).toBeUndefined();
  });

  it('discarding an entry removes it', async () => {
    online = false;
    const entry = complaint();
    await controller.submit(entry);
    await controller.discard(entry.key);
    expect(controller.current).toEqual([]);
  });
});

async function putForeign(entry: OutboxEntry) {
  await (await db).put('entries', entry);
}
