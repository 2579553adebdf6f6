import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../outbox/store';
import {
  addDays,
  checkinEntry,
  findingEntry,
  forgetStartKey,
  isPlanErrorCode,
  officerCommunity,
  otherOfficers,
  pendingFor,
  planInput,
  quickPosition,
  shanghaiToday,
  startKey,
  unitOptions,
  validPeriod,
  visitsShortOfOfficers,
} from './logic';

function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, v),
  };
}

describe('patrol logic', () => {
  it('lists a community’s units as "building unit"', () => {
    expect(
      unitOptions({
        id: 'c',
        name: '华阳小区',
        buildings: [
          { id: 'b1', name: '1号楼', units: [{ id: 'u1', number: '101' }, { id: 'u2', number: '102' }] },
          { id: 'b2', name: '2号楼', units: [{ id: 'u3', number: '201' }] },
        ],
      } as any),
    ).toEqual([
      { id: 'u1', label: '1号楼 101' },
      { id: 'u2', label: '1号楼 102' },
      { id: 'u3', label: '2号楼 201' },
    ]);
    expect(unitOptions(undefined)).toEqual([]);
  });

  it('keeps the start key until the patrol started', () => {
    const s = memoryStorage();
    let n = 0;
    const make = () => `k${++n}`;
    expect(startKey(s, 'o1', make)).toBe('k1');
    expect(startKey(s, 'o1', make)).toBe('k1');
    expect(startKey(s, 'o2', make)).toBe('k2');
    forgetStartKey(s, 'o1');
    expect(startKey(s, 'o1', make)).toBe('k3');
  });

  it('a check-in entry carries its key, time and position (or none)', () => {
    const at = new Date('2026-11-27T02:00:00Z');
    const e = checkinEntry({ key: 'k', userId: 'o1', patrolId: 'p', community: { id: 'c', name: '华阳小区' }, at, position: null });
    expect(e).toMatchObject({ kind: 'patrolCheckin', key: 'k', state: 'queued', title: '华阳小区' });
    expect(e.input).toEqual({ patrolId: 'p', idempotencyKey: 'k', communityId: 'c', at: at.toISOString(), latitude: null, longitude: null });
    const located = checkinEntry({ key: 'k', userId: 'o1', patrolId: 'p', community: { id: 'c', name: 'x' }, at, position: { latitude: 31.2, longitude: 121.4 } });
    expect([located.input.latitude, located.input.longitude]).toEqual([31.2, 121.4]);
  });

  it('a finding entry: trimmed description, photos only when there are some', () => {
    const base = { key: 'k', userId: 'o1', patrolId: 'p', community: { id: 'c', name: '华阳小区' }, unitId: 'u1', matterCode: null, title: null };
    const e = findingEntry({ ...base, description: '  楼道堆物 ', photos: [] });
    expect(e.input).toEqual({ patrolId: 'p', idempotencyKey: 'k', communityId: 'c', unitId: 'u1', matterCode: null, description: '楼道堆物', joinItemId: null });
    expect(e).not.toHaveProperty('photos');
    const blob = new Blob(['x']);
    expect(findingEntry({ ...base, description: 'x', photos: [{ blob, name: 'a.jpg' }] }).photos).toHaveLength(1);
  });

  it('picks this patrol’s waiting entries', () => {
    const at = new Date();
    const a = checkinEntry({ key: 'a', userId: 'o1', patrolId: 'p1', community: { id: 'c', name: 'x' }, at, position: null });
    const b = checkinEntry({ key: 'b', userId: 'o1', patrolId: 'p2', community: { id: 'c', name: 'x' }, at, position: null });
    const other = { kind: 'suggestion', key: 'c' } as unknown as OutboxEntry;
    expect(pendingFor([a, b, other], 'p1').map((e) => e.key)).toEqual(['a']);
  });

  it('finds where to read the squad’s officers, and leaves the caller out', () => {
    const day = { visits: [{ id: 'v', community: { id: 'cv', name: '' }, onDay: '', officers: [] }], rechecks: [], openPatrols: [], dueItems: [] };
    expect(officerCommunity(day, [{ id: 'c1' }])).toBe('cv');
    expect(officerCommunity({ ...day, visits: [] }, [{ id: 'c1' }])).toBe('c1');
    expect(officerCommunity(null, [])).toBeNull();
    expect(otherOfficers([{ id: 'me', name: 'a' }, { id: 'o2', name: 'b' }], 'me')).toEqual([{ id: 'o2', name: 'b' }]);
  });

  it('dates in Shanghai, periods, plans', () => {
    expect(shanghaiToday(Date.parse('2026-11-27T17:00:00Z'))).toBe('2026-11-28');
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(validPeriod('2026-11-01', '2026-11-01')).toBe(true);
    expect(validPeriod('2026-11-02', '2026-11-01')).toBe(false);
    expect(validPeriod('', '2026-11-01')).toBe(false);
    const visits = [
      { communityId: 'c1', communityName: 'a', onDay: '2026-11-28', officerIds: ['o1', 'o2'] },
      { communityId: 'c2', communityName: 'b', onDay: '2026-11-29', officerIds: ['o1'] },
    ];
    expect(visitsShortOfOfficers(visits)).toEqual([1]);
    expect(planInput(' 十二月 ', '2026-11-28', '2026-12-05', visits)).toEqual({
      squadId: null,
      title: '十二月',
      startsOn: '2026-11-28',
      endsOn: '2026-12-05',
      visits: [
        { communityId: 'c1', onDay: '2026-11-28', officerIds: ['o1', 'o2'] },
        { communityId: 'c2', onDay: '2026-11-29', officerIds: ['o1'] },
      ],
    });
    expect(isPlanErrorCode('TWO_OFFICERS')).toBe(true);
    expect(isPlanErrorCode('NOPE')).toBe(false);
  });

  it('quickPosition: the position when given, null when refused, absent or slow', async () => {
    const ok = { getCurrentPosition: (s: PositionCallback) => s({ coords: { latitude: 1, longitude: 2 } } as GeolocationPosition) } as unknown as Geolocation;
    await expect(quickPosition(50, ok)).resolves.toEqual({ latitude: 1, longitude: 2 });
    const refused = { getCurrentPosition: (_s: PositionCallback, e: PositionErrorCallback) => e({} as GeolocationPositionError) } as unknown as Geolocation;
    await expect(quickPosition(50, refused)).resolves.toBeNull();
    const slow = { getCurrentPosition: () => undefined } as unknown as Geolocation;
    await expect(quickPosition(20, slow)).resolves.toBeNull();
    await expect(quickPosition(20, undefined)).resolves.toBeNull();
  });
});
