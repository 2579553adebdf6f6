// @vitest-environment node
// Patrol check-ins and findings in the outbox (勤务, issue #7): queued offline, sent with their key
// when back online; a finding with photos goes as multipart and answers the item it became.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UploadFile } from '../graphql/multipart';
import type { Operation } from '../graphql/operations';
import { OutboxController } from './page';
import type { Caller } from './send';
import { openOutbox, type OutboxDb } from './store';
import { checkinEntry, findingEntry } from '../screens/patrols/logic';

let dbName = 0;
let db: Promise<OutboxDb>;
let online: boolean;
let controller: OutboxController;
let sent: { operationName: string; variables: any; files: readonly UploadFile[] | undefined }[];

const call: Caller = async <TData, TVariables>(op: Operation<TData, TVariables>, variables: TVariables, files?: readonly UploadFile[]) => {
  sent.push({ operationName: op.operationName, variables, files });
  if (op.operationName === 'CheckInPatrol') return { checkInPatrol: { patrol: { id: 'p1' }, userErrors: [] } } as TData;
  if (op.operationName === 'RecordPatrolFinding')
    return { recordPatrolFinding: { finding: { id: 'f1', joined: false, item: { id: 'item-1', source: 'PATROL', status: 'SUBMITTED' } }, userErrors: [] } } as TData;
  throw new Error(op.operationName);
};

beforeEach(async () => {
  db = openOutbox(`outbox-patrol-${++dbName}`);
  online = true;
  sent = [];
  controller = new OutboxController({ db, call, lang: () => 'zh-CN', online: () => online, registerSync: async () => undefined });
  await controller.setUser('o1');
});

afterEach(async () => {
  controller.close();
  (await db).close();
});

describe('patrols in the outbox', () => {
  it('a check-in online: CheckInPatrol with its key; answers the patrol id', async () => {
    const entry = checkinEntry({ key: 'k1', userId: 'o1', patrolId: 'p1', community: { id: 'c1', name: '华阳小区' }, at: new Date(), position: null });
    await expect(controller.submit(entry)).resolves.toEqual({ state: 'sent', itemId: 'p1' });
    expect(sent.map((s) => [s.operationName, s.variables.input.idempotencyKey, s.files])).toEqual([['CheckInPatrol', 'k1', undefined]]);
  });

  it('a finding offline with a photo: queued, then sent as multipart once online; answers the item', async () => {
    online = false;
    const entry = findingEntry({
      key: 'k2',
      userId: 'o1',
      patrolId: 'p1',
      community: { id: 'c1', name: '华阳小区' },
      unitId: 'u1',
      matterCode: null,
      title: null,
      description: '楼道堆物',
      photos: [{ blob: new Blob(['jpeg']), name: 'a.jpg' }],
    });
    await expect(controller.submit(entry)).resolves.toEqual({ state: 'queued' });
    expect(sent).toEqual([]);
    online = true;
    const result = await controller.flush();
    expect(result?.sent).toEqual([{ key: 'k2', itemId: 'item-1' }]);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.operationName).toBe('RecordPatrolFinding');
    expect(sent[0]!.variables.input).toMatchObject({ idempotencyKey: 'k2', photos: [null], unitId: 'u1' });
    expect(sent[0]!.files?.map((f) => f.path)).toEqual(['variables.input.photos.0']);
    expect(controller.current).toEqual([]);
  });
});
