// @vitest-environment node
// Case evidence in the outbox (SPEC §7): an officer's evidence item is queued like a filing, sent as
// addCaseEvidence with the key it got when the officer tapped "save" (a multipart request when it
// has a photo, the file at variables.input.photo), retried with the same key, and refused items
// keep the server's message.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GraphQLRequestError, NetworkError } from '../graphql/client';
import { multipartBody, type UploadFile } from '../graphql/multipart';
import type { Operation } from '../graphql/operations';
import { OutboxController } from './page';
import { sendEntry, type Caller } from './send';
import { getEntry, openOutbox, type OutboxDb, type OutboxEntry } from './store';

let dbName = 0;
let db: Promise<OutboxDb>;
let online: boolean;
let controller: OutboxController;
let answer: () => unknown;
let sent: { operationName: string; variables: any; files: readonly UploadFile[] | undefined }[];

const call: Caller = async <TData, TVariables>(op: Operation<TData, TVariables>, variables: TVariables, files?: readonly UploadFile[]) => {
  sent.push({ operationName: op.operationName, variables, files });
  return answer() as TData;
};

function evidence(withPhoto: boolean): Extract<OutboxEntry, { kind: 'evidence' }> {
  const key = crypto.randomUUID();
  return {
    kind: 'evidence',
    key,
    userId: 'o1',
    createdAt: new Date().toISOString(),
    state: 'queued',
    title: '现场检查笔录',
    text: '卫生间位于原阳台，无防水层。',
    attempts: 0,
    error: null,
    input: {
      caseId: 'case-1',
      idempotencyKey: key,
      kind: withPhoto ? 'PHOTO' : 'INSPECTION_RECORD',
      title: '现场检查笔录',
      body: '卫生间位于原阳台，无防水层。',
      capturedAt: '2026-11-27T02:03:04.000Z',
      latitude: 31.2188,
      longitude: 121.4379,
    },
    ...(withPhoto ? { photo: { blob: new Blob(['jpeg-bytes'], { type: 'image/jpeg' }), name: 'evidence.jpg' } } : {}),
  };
}

const ok = () => ({ addCaseEvidence: { case: { id: 'case-1' }, userErrors: [] } });

beforeEach(async () => {
  db = openOutbox(`outbox-evidence-${++dbName}`);
  online = true;
  sent = [];
  answer = ok;
  controller = new OutboxController({ db, call, lang: () => 'zh-CN', online: () => online, registerSync: async () => undefined });
  await controller.setUser('o1');
});

afterEach(async () => {
  controller.close();
  (await db).close();
});

describe('case evidence in the outbox', () => {
  it('without a photo: plain addCaseEvidence with the key, the phone’s time and position; answers the case id', async () => {
    const entry = evidence(false);
    await expect(controller.submit(entry)).resolves.toEqual({ state: 'sent', itemId: 'case-1' });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.operationName).toBe('AddCaseEvidence');
    expect(sent[0]!.files).toBeUndefined();
    expect(sent[0]!.variables).toEqual({ input: entry.input });
    expect(sent[0]!.variables.input).not.toHaveProperty('photo');
  });

  it('with a photo: queued offline with its Blob, then sent as multipart (photo → variables.input.photo) with the same key on every try', async () => {
    online = false;
    const entry = evidence(true);
    await expect(controller.submit(entry)).resolves.toEqual({ state: 'queued' });
    const stored = await getEntry(await db, entry.key);
    expect(stored?.kind === 'evidence' && (await stored.photo!.blob.text())).toBe('jpeg-bytes');
    expect(controller.current.map((e) => [e.key, e.state])).toEqual([[entry.key, 'queued']]);

    online = true;
    answer = () => {
      throw new NetworkError('Failed to fetch');
    };
    await controller.flush();
    expect(controller.current.map((e) => [e.state, e.attempts])).toEqual([['queued', 1]]);
    answer = ok;
    await controller.flush();
    expect(controller.current).toEqual([]);

    expect(sent).toHaveLength(2);
    for (const s of sent) {
      expect(s.variables.input.idempotencyKey).toBe(entry.key);
      expect(s.variables.input.photo).toBeNull();
      expect(s.files?.map((f) => [f.path, f.name])).toEqual([['variables.input.photo', 'evidence.jpg']]);
    }
    // The multipart body: `operations` with null at the photo, and a map naming that path.
    const form = multipartBody({ query: 'q', variables: sent[1]!.variables, operationName: 'AddCaseEvidence' }, sent[1]!.files!);
    expect(JSON.parse(String(form.get('map')))).toEqual({ '0': ['variables.input.photo'] });
    expect(JSON.parse(String(form.get('operations'))).variables.input.photo).toBeNull();
    expect(await (form.get('0') as Blob).text()).toBe('jpeg-bytes');
  });

  it('a userError (e.g. the case was closed) needs attention with the server’s message; not resent until asked', async () => {
    answer = () => ({
      addCaseEvidence: { case: null, userErrors: [{ field: ['input', 'caseId'], code: 'NOT_ALLOWED_NOW', message: '案件已结案，不能再添加证据' }] },
    });
    const entry = evidence(false);
    await expect(controller.submit(entry)).resolves.toEqual({ state: 'attention', message: '案件已结案，不能再添加证据' });
    await controller.flush();
    expect(sent).toHaveLength(1);
    expect(controller.current[0]).toMatchObject({ state: 'attention', error: { code: 'NOT_ALLOWED_NOW' } });
  });

  it('sendEntry classifies a 5xx as retry and a 4xx as attention', async () => {
    answer = () => {
      throw new GraphQLRequestError('服务暂不可用', 'INTERNAL', 503);
    };
    expect(await sendEntry(evidence(true), call)).toMatchObject({ kind: 'retry' });
    answer = () => {
      throw new GraphQLRequestError('Upload too large', 'BAD_REQUEST', 413);
    };
    expect(await sendEntry(evidence(true), call)).toMatchObject({ kind: 'attention', message: 'Upload too large' });
  });
});
