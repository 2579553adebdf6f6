// The patrol screens' logic, kept apart from the components so it can be unit-tested.
import type { CommunityDetail } from '../../graphql/types';
import type { CreatePatrolPlanInput, NaiveDate, OfficerRef, PatrolDay } from '../../graphql/patrol-types';
import type { OutboxEntry, StoredPhoto } from '../../outbox/store';

export type CheckinEntry = Extract<OutboxEntry, { kind: 'patrolCheckin' }>;
export type FindingEntry = Extract<OutboxEntry, { kind: 'patrolFinding' }>;

/** Every unit of a community as one choice: "1号楼 101". */
export function unitOptions(community: CommunityDetail | undefined): { id: string; label: string }[] {
  if (!community) return [];
  return community.buildings.flatMap((b) => b.units.map((u) => ({ id: u.id, label: `${b.name} ${u.number}` })));
}

export interface Position {
  latitude: number;
  longitude: number;
}

/** The phone's position if the browser gives it within `timeoutMs`; else null (never asks twice, never blocks). */
export function quickPosition(timeoutMs = 3000, geo: Geolocation | undefined = globalThis.navigator?.geolocation): Promise<Position | null> {
  if (!geo) return Promise.resolve(null);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), timeoutMs);
    try {
      geo.getCurrentPosition(
        (p) => {
          clearTimeout(timer);
          resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude });
        },
        () => {
          clearTimeout(timer);
          resolve(null);
        },
        { enableHighAccuracy: false, timeout: timeoutMs, maximumAge: 60_000 },
      );
    } catch {
      clearTimeout(timer);
      resolve(null);
    }
  });
}

/** The key of the next startPatrol: made once and kept (a resend after a lost answer starts the same patrol). */
export function startKey(storage: Storage, userId: string, make: () => string = () => crypto.randomUUID()): string {
  const name = `gongzhi.patrolStartKey.${userId}`;
  let key = storage.getItem(name);
  if (!key) {
    key = make();
    storage.setItem(name, key);
  }
  return key;
}

/** The patrol started: the next start gets a new key. */
export function forgetStartKey(storage: Storage, userId: string): void {
  storage.removeItem(`gongzhi.patrolStartKey.${userId}`);
}

export function checkinEntry(a: {
  key: string;
  userId: string;
  patrolId: string;
  community: { id: string; name: string };
  at: Date;
  position: Position | null;
}): CheckinEntry {
  return {
    kind: 'patrolCheckin',
    key: a.key,
    userId: a.userId,
    createdAt: a.at.toISOString(),
    state: 'queued',
    title: a.community.name,
    text: a.community.name,
    attempts: 0,
    error: null,
    input: {
      patrolId: a.patrolId,
      idempotencyKey: a.key,
      communityId: a.community.id,
      at: a.at.toISOString(),
      latitude: a.position?.latitude ?? null,
      longitude: a.position?.longitude ?? null,
    },
  };
}

export function findingEntry(a: {
  key: string;
  userId: string;
  patrolId: string;
  community: { id: string; name: string };
  unitId: string | null;
  matterCode: string | null;
  title: string | null;
  description: string;
  photos: StoredPhoto[];
  now?: Date;
}): FindingEntry {
  const description = a.description.trim();
  return {
    kind: 'patrolFinding',
    key: a.key,
    userId: a.userId,
    createdAt: (a.now ?? new Date()).toISOString(),
    state: 'queued',
    title: a.title ?? a.community.name,
    text: description,
    attempts: 0,
    error: null,
    input: {
      patrolId: a.patrolId,
      idempotencyKey: a.key,
      communityId: a.community.id,
      unitId: a.unitId,
      matterCode: a.matterCode,
      description,
      joinItemId: null,
    },
    ...(a.photos.length > 0 ? { photos: a.photos } : {}),
  };
}

/** This patrol's check-ins and findings still on the phone. */
export function pendingFor(entries: readonly OutboxEntry[], patrolId: string): (CheckinEntry | FindingEntry)[] {
  return entries.filter(
    (e): e is CheckinEntry | FindingEntry => (e.kind === 'patrolCheckin' || e.kind === 'patrolFinding') && e.input.patrolId === patrolId,
  );
}

/** Where to look for the other officers: a community of today's visits, else the first of the caller's. */
export function officerCommunity(day: PatrolDay | null, communities: readonly { id: string }[]): string | null {
  return day?.visits[0]?.community.id ?? communities[0]?.id ?? null;
}

/** The officers to pick from: the squad without the caller; the visit's officers first. */
export function otherOfficers(all: readonly OfficerRef[], meId: string): OfficerRef[] {
  return all.filter((o) => o.id !== meId);
}

/** Today in Shanghai (the bureau's day), as a NaiveDate. */
export function shanghaiToday(now = Date.now()): NaiveDate {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function addDays(date: NaiveDate, days: number): NaiveDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function validPeriod(from: NaiveDate, to: NaiveDate): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
}

/** One visit the planner is making: a community on a day with its officers. */
export interface DraftVisit {
  communityId: string;
  communityName: string;
  onDay: NaiveDate;
  officerIds: string[];
}

/** The plan to send; the server checks squads, days and officers and answers userErrors. */
export function planInput(title: string, from: NaiveDate, to: NaiveDate, visits: readonly DraftVisit[]): CreatePatrolPlanInput {
  return {
    squadId: null,
    title: title.trim(),
    startsOn: from,
    endsOn: to,
    visits: visits.map((v) => ({ communityId: v.communityId, onDay: v.onDay, officerIds: [...v.officerIds] })),
  };
}

/** Visits with fewer than two officers (the phone says so before the server does). */
export function visitsShortOfOfficers(visits: readonly DraftVisit[]): number[] {
  return visits.flatMap((v, i) => (v.officerIds.length < 2 ? [i] : []));
}

export const PLAN_ERROR_CODES = ['TWO_OFFICERS', 'COMMUNITY_OUTSIDE_SQUAD', 'DAY_OUTSIDE_PLAN', 'OFFICER_NOT_IN_SQUAD'] as const;
export type PlanErrorCode = (typeof PLAN_ERROR_CODES)[number];
export const isPlanErrorCode = (code: string): code is PlanErrorCode => (PLAN_ERROR_CODES as readonly string[]).includes(code);
