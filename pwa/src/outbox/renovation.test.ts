// @vitest-environment node
// The renovation pilot in the outbox (SPEC §8): a patrol and a finding reported after failed
// dissuasion are queued like filings, sent with the key they got at the tap (multipart when they
// carry photos: a patrol's one at variables.input.photo, a report's at variables.input.photos.N),
// retried with the same key, and a refusal keeps the server's message.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GraphQLRequestError, NetworkError } from '../graphql/client';
import { multipartBody, type UploadFile } from '../graphql/multipart';
import type { Operation } from '../graphql/operations';
import { findingEntry, patrolEntry } from '../screens/renovations/logic';
import { OutboxController } from './page';
import { sendEntry, type Caller } from './send';
import { getEntry, openOutbox, type OutboxDb } from './store';

let dbName = 0;
let db: Promise<OutboxDb>;
let online: boolean;
let controller: OutboxController;
let answer: (operationName: string) => unknown;
let sent: { operationName: string; variables: any; files: readonly UploadFile[] | undefined }[];

const call: Caller = async <TData, TVariables>(op: Operation<TData, TVariables>, variables: TVariables, files?: readonly UploadFile[]) => {
  sent.push({ operationName: op.operationName, variables, files });
  return answer(op.operationName) as TData;
};

const ok = (name: string) =>
  name === 'LogRenovationPatrol'
    ? { logRenovationPatrol: { renovation: { id: 'r1' }, userErrors: [] } }
    : { reportRenovationFinding: { item: { id: 'i9', status: 'SUBMITTED' }, userErrors: [] } };

const jpeg = (text: string, name: string) => ({ blob: new Blob([text], { type: 'image/jpeg' }), name });

function patrol(withPhoto: boolean, violation = false) {
  return patrolEntry({
    key: crypto.randomUUID(),
    userId: 'p1',
    renovationId: 'r1',
    title: '安化小区 1号楼 1201',
    findings: ' 卫生间正在拆除地砖，防水层未破坏。 ',
    violation,
    photo: withPhoto ? jpeg('patrol-jpeg', 'patrol.jpg') : null,
    now: new Date('2026-11-27T02:03:04.000Z'),
  });
}

function finding(photos: number) {
  return findingEntry({
    key: crypto.randomUUID(),
    userId: 'p1',
    renovationId: 'r1',
    title: '安化小区 1号楼 1201',
    values: {
      matterCode: 'A1',
      description: '正在拆除承重墙。',
      stillBeingBuilt: false,
      dissuasion: { at: '2026-11-27T01:30:00.000Z', method: '口头劝阻并发书面告知', by: '物业 陈师傅', ownerResponse: '业主拒绝停工' },
    },
    photos: Array.from({ length: photos }, (_, i) => jpeg(`finding-${i}`, `finding-${i}.jpg`)),
  });
}

beforeEach(async () => {
  db = openOutbox(`outbox-renovation-${++dbName}`);
  online = true;
  sent = [];
  answer = ok;
  controller = new OutboxController({ db, call, lang: () => 'zh-CN', online: () => online, registerSync: async () => undefined });
  await controller.setUser('p1');
});

afterEach(async () => {
  controller.close();
  (await db).close();
});

describe('renovation patrols in the outbox', () => {
  it('without a photo: plain LogRenovationPatrol with the key, the phone’s time and trimmed findings; answers the registration', async () => {
    const entry = patrol(false);
    expect(entry.input).toEqual({
      renovationId: 'r1',
      idempotencyKey: entry.key,
      patrolledAt: '2026-11-27T02:03:04.000Z',
      findings: '卫生间正在拆除地砖，防水层未破坏。',
      violation: false,
    });
    expect(entry).not.toHaveProperty('photo');
    await expect(controller.submit(entry)).resolves.toEqual({ state: 'sent', itemId: 'r1' });
    expect(sent.map((s) => [s.operationName, s.files])).toEqual([['LogRenovationPatrol', undefined]]);
    expect(sent[0]!.variables).toEqual({ input: entry.input });
  });

  it('with a photo, offline: kept with its Blob, then sent as multipart (variables.input.photo) with the same key on every try', async () => {
    online = false;
    const entry = patrol(true, true);
    await expect(controller.submit(entry)).resolves.toEqual({ state: 'queued' });
    const stored = await getEntry(await db, entry.key);
    expect(stored?.kind === 'renovationPatrol' && (await stored.photo!.blob.text())).toBe('patrol-jpeg');

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
      expect(s.variables.input.violation).toBe(true);
      expect(s.variables.input.photo).toBeNull();
      expect(s.files?.map((f) => [f.path, f.name])).toEqual([['variables.input.photo', 'patrol.jpg']]);
    }
    const form = multipartBody({ query: 'q', variables: sent[1]!.variables, operationName: 'LogRenovationPatrol' }, sent[1]!.files!);
    expect(JSON.parse(String(form.get('map')))).toEqual({ '0': ['variables.input.photo'] });
  });

  it('a refusal (not started yet) needs attention with the server’s message and is not resent until asked', async () => {
    answer = () => ({
      logRenovationPatrol: { renovation: null, userErrors: [{ field: ['input', 'renovationId'], code: 'NOT_ALLOWED_NOW', message: '尚未开工，不能巡查' }] },
    });
    const entry = patrol(false);
    await expect(controller.submit(entry)).resolves.toEqual({ state: 'attention', message: '尚未开工，不能巡查' });
    await controller.flush();
    expect(sent).toHaveLength(1);
    expect(controller.current[0]).toMatchObject({ state: 'attention', error: { code: 'NOT_ALLOWED_NOW' } });
  });
});

describe('renovation findings (劝阻无效，报告执法部门) in the outbox', () => {
  it('the report carries the dissuasion record and its photos at variables.input.photos.N; answers the item', async () => {
    const entry = finding(2);
    expect(entry.input).toMatchObject({
      renovationId: 'r1',
      idempotencyKey: entry.key,
      matterCode: 'A1',
      stillBeingBuilt: false,
      dissuasion: { at: '2026-11-27T01:30:00.000Z', method: '口头劝阻并发书面告知', by: '物业 陈师傅', ownerResponse: '业主拒绝停工' },
    });
    await expect(controller.submit(entry)).resolves.toEqual({ state: 'sent', itemId: 'i9' });
    expect(sent[0]!.operationName).toBe('ReportRenovationFinding');
    expect(sent[0]!.variables.input.photos).toEqual([null, null]);
    expect(sent[0]!.files?.map((f) => f.path)).toEqual(['variables.input.photos.0', 'variables.input.photos.1']);
  });

  it('without photos: plain JSON, no photos field', async () => {
    const entry = finding(0);
    await controller.submit(entry);
    expect(sent[0]!.files).toBeUndefined();
    expect(sent[0]!.variables.input).not.toHaveProperty('photos');
  });

  it('a refused photo is named by its index; a 5xx is retried, a 4xx is not', async () => {
    answer = () => ({
      reportRenovationFinding: { item: null, userErrors: [{ field: ['input', 'photos', '1'], code: 'PHOTO_INVALID', message: '不是图片' }] },
    });
    await expect(controller.submit(finding(2))).resolves.toEqual({ state: 'attention', message: '', photoErrors: [{ index: 1, message: '不是图片' }] });
    answer = () => {
      throw new GraphQLRequestError('服务暂不可用', 'INTERNAL', 503);
    };
    expect(await sendEntry(finding(1), call)).toMatchObject({ kind: 'retry' });
    answer = () => {
      throw new GraphQLRequestError('Upload too large', 'BAD_REQUEST', 413);
    };
    expect(await sendEntry(finding(1), call)).toMatchObject({ kind: 'attention', message: 'Upload too large' });
  });
});
