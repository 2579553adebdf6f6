// @vitest-environment node
// Photos in the outbox: stored as Blobs with the filing, sent as a multipart request with the same
// idempotency key on every try, and the server's refusal of one photo kept with its index.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NetworkError, request } from '../graphql/client';
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

function withPhotos(kind: 'complaint' | 'propertyReport'): OutboxEntry {
  const key = crypto.randomUUID();
  const photos = [
    { blob: new Blob(['jpeg-1'], { type: 'image/jpeg' }), name: 'photo-1.jpg' },
    { blob: new Blob(['jpeg-2'], { type: 'image/jpeg' }), name: 'photo-2.jpg' },
  ];
  const base = { key, userId: 'u1', createdAt: new Date().toISOString(), state: 'queued' as const, title: null, text: 'x', attempts: 0, error: null, photos };
  return kind === 'complaint'
    ? { ...base, kind, input: { idempotencyKey: key, description: '天台搭建' } }
    : {
        ...base,
        kind,
        input: {
          idempotencyKey: key,
          communityId: 'c1',
          description: '拆承重墙',
          dissuasion: { at: '2026-11-27T01:00:00Z', method: '口头', by: '陈', ownerResponse: '不听' },
        },
      };
}

beforeEach(async () => {
  db = openOutbox(`outbox-photos-${++dbName}`);
  online = true;
  sent = [];
  controller = new OutboxController({ db, call, lang: () => 'zh-CN', online: () => online, registerSync: async () => undefined });
  await controller.setUser('u1');
});

afterEach(async () => {
  controller.close();
  (await db).close();
});

describe('outbox with photos', () => {
  it.each(['complaint', 'propertyReport'] as const)(
    '%s: the Blobs are stored with the filing, and every try sends them with the same key',
    async (kind) => {
      online = false;
      const entry = withPhotos(kind);
      await controller.submit(entry);
      const stored = await getEntry(await db, entry.key);
      expect(stored && 'photos' in stored && (await Promise.all(stored.photos!.map((p) => p.blob.text())))).toEqual(['jpeg-1', 'jpeg-2']);

      online = true;
      answer = () => {
        throw new NetworkError('Failed to fetch');
      };
      await controller.flush();
      const field = kind === 'complaint' ? 'fileComplaint' : 'filePropertyReport';
      answer = () => ({ [field]: { item: { id: 'i1' }, userErrors: [] } });
      await controller.flush();
      expect(controller.current).toEqual([]);

      expect(sent).toHaveLength(2);
      for (const s of sent) {
        expect(s.variables.input.idempotencyKey).toBe(entry.key);
        expect(s.variables.input.photos).toEqual([null, null]);
        expect(s.files!.map((f) => [f.path, f.name])).toEqual([
          ['variables.input.photos.0', 'photo-1.jpg'],
          ['variables.input.photos.1', 'photo-2.jpg'],
        ]);
        expect(await Promise.all(s.files!.map((f) => f.blob.text()))).toEqual(['jpeg-1', 'jpeg-2']);
        // The body the browser would send: operations, map, then the files.
        const form = multipartBody({ query: '', operationName: 'X', variables: s.variables }, s.files!);
        expect([...form.keys()]).toEqual(['operations', 'map', '0', '1']);
        expect(JSON.parse(form.get('operations') as string).variables.input.idempotencyKey).toBe(entry.key);
      }
    },
  );

  it('a filing without photos is sent without a photos field and without files', async () => {
    const key = crypto.randomUUID();
    answer = () => ({ fileComplaint: { item: { id: 'i2' }, userErrors: [] } });
    await controller.submit({
      kind: 'complaint',
      key,
      userId: 'u1',
      createdAt: new Date().toISOString(),
      state: 'queued',
      title: null,
      text: 'x',
      attempts: 0,
      error: null,
      input: { idempotencyKey: key, description: 'x' },
    });
    expect(sent[0]!.variables.input).not.toHaveProperty('photos');
    expect(sent[0]!.files).toBeUndefined();
  });

  it('a refused photo needs attention; its index and message are kept apart from the other errors', async () => {
    answer = () => ({
      fileComplaint: {
        item: null,
        userErrors: [
          { field: ['input', 'photos', '1'], code: 'PHOTO_NOT_AN_IMAGE', message: '只能上传 JPEG、PNG、WebP 或 HEIC 照片。' },
          { field: ['input', 'description'], code: 'TOO_LONG', message: '描述太长。' },
        ],
      },
    });
    const entry = withPhotos('complaint');
    await expect(controller.submit(entry)).resolves.toEqual({
      state: 'attention',
      message: '描述太长。',
      photoErrors: [{ index: 1, message: '只能上传 JPEG、PNG、WebP 或 HEIC 照片。' }],
    });
    expect(controller.current[0]!.error).toEqual({
      code: 'PHOTO_NOT_AN_IMAGE',
      message: '描述太长。',
      photoErrors: [{ index: 1, message: '只能上传 JPEG、PNG、WebP 或 HEIC 照片。' }],
    });
  });

  it('HTTP 413 with a GraphQL-shaped body (the upload as a whole is too large) needs attention with its message', async () => {
    const tooLarge = (async () =>
      new Response(JSON.stringify({ errors: [{ message: '照片太大：每张不超过 10 MB。', extensions: { code: 'BAD_REQUEST' } }] }), {
        status: 413,
        headers: { 'Content-Type': 'application/json' },
      })) as unknown as typeof fetch;
    const viaHttp: Caller = (op, variables, files) => request(op, variables, { lang: 'zh-CN', fetch: tooLarge, files });
    await expect(sendEntry(withPhotos('complaint'), viaHttp)).resolves.toEqual({
      kind: 'attention',
      code: 'BAD_REQUEST',
      message: '照片太大：每张不超过 10 MB。',
    });
  });
});
