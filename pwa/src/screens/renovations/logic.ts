// The renovation screens' rules without the DOM (SPEC §8): what the registration form checks, the
// inputs it sends, the outbox entries of a patrol and of a finding reported after failed dissuasion,
// and which step of a registration is open now.
import type { OutboxEntry, StoredPhoto } from '../../outbox/store';
import type { DissuasionInput } from '../../graphql/types';
import type { RegisterRenovationInput, Renovation, RenovationStatus } from '../../graphql/renovation-types';

export type PatrolEntry = Extract<OutboxEntry, { kind: 'renovationPatrol' }>;
export type FindingEntry = Extract<OutboxEntry, { kind: 'renovationReport' }>;

export const TEXT_LIMIT = 2000;

/** A `<input type=date>` value for `date` (local), by default today. */
export function todayDate(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export interface RiskFlags {
  loadBearing: boolean;
  waterproofing: boolean;
  sharedFacilities: boolean;
}

/** Any of the three makes a renovation high-risk (patrolled more often). */
export function isHighRisk(f: RiskFlags): boolean {
  return f.loadBearing || f.waterproofing || f.sharedFacilities;
}

export interface RegistrationValues extends RiskFlags {
  communityId: string;
  unitId: string;
  ownerName: string;
  ownerPhone: string;
  contractorName: string;
  contractorPhone: string;
  plannedStart: string;
  plannedEnd: string;
  scopeOfWork: string;
}

export type RegistrationField = keyof RegistrationValues;
export type RegistrationProblem = 'required' | 'requiredChoice' | 'endBeforeStart';

export const EMPTY_REGISTRATION: RegistrationValues = {
  communityId: '',
  unitId: '',
  ownerName: '',
  ownerPhone: '',
  contractorName: '',
  contractorPhone: '',
  plannedStart: '',
  plannedEnd: '',
  scopeOfWork: '',
  loadBearing: false,
  waterproofing: false,
  sharedFacilities: false,
};

/** A saved draft (localStorage, see drafts.ts) back as form values: unknown keys and wrong types dropped. */
export function registrationFromDraft(draft: Readonly<Record<string, unknown>>): RegistrationValues {
  const v: RegistrationValues = { ...EMPTY_REGISTRATION };
  for (const k of Object.keys(EMPTY_REGISTRATION) as RegistrationField[]) {
    const value = draft[k];
    if (typeof value === typeof EMPTY_REGISTRATION[k]) (v as unknown as Record<string, unknown>)[k] = value;
  }
  return v;
}

/** The form's own check, in the order the fields appear (the server checks again). */
export function registrationProblems(v: RegistrationValues): Partial<Record<RegistrationField, RegistrationProblem>> {
  const p: Partial<Record<RegistrationField, RegistrationProblem>> = {};
  if (!v.communityId) p.communityId = 'requiredChoice';
  if (!v.unitId) p.unitId = 'requiredChoice';
  if (!v.ownerName.trim()) p.ownerName = 'required';
  if (!v.contractorName.trim()) p.contractorName = 'required';
  if (!v.plannedStart) p.plannedStart = 'required';
  if (!v.plannedEnd) p.plannedEnd = 'required';
  // ISO dates compare as strings.
  else if (v.plannedStart && v.plannedEnd < v.plannedStart) p.plannedEnd = 'endBeforeStart';
  if (!v.scopeOfWork.trim()) p.scopeOfWork = 'required';
  return p;
}

export function registrationInput(v: RegistrationValues, idempotencyKey: string): RegisterRenovationInput {
  return {
    idempotencyKey,
    communityId: v.communityId,
    unitId: v.unitId,
    ownerName: v.ownerName.trim(),
    ownerPhone: v.ownerPhone.trim() || null,
    contractorName: v.contractorName.trim(),
    contractorPhone: v.contractorPhone.trim() || null,
    plannedStart: v.plannedStart,
    plannedEnd: v.plannedEnd,
    scopeOfWork: v.scopeOfWork.trim(),
    loadBearing: v.loadBearing,
    waterproofing: v.waterproofing,
    sharedFacilities: v.sharedFacilities,
  };
}

/** Server userError field paths (["input", "plannedEnd"]) → the form field they are about. */
export function registrationErrorField(field: readonly string[]): RegistrationField | null {
  const known: readonly string[] = Object.keys(EMPTY_REGISTRATION);
  const name = [...field].reverse().find((f) => known.includes(f));
  return (name as RegistrationField | undefined) ?? null;
}

function base(key: string, userId: string, now: Date) {
  return { key, userId, createdAt: now.toISOString(), state: 'queued' as const, attempts: 0, error: null };
}

/** The outbox entry for one patrol; `key` is also the idempotency key sent on every try. */
export function patrolEntry(args: {
  key: string;
  userId: string;
  renovationId: string;
  /** What the outbox list shows: the unit. */
  title: string;
  findings: string;
  violation: boolean;
  photo: StoredPhoto | null;
  now?: Date;
}): PatrolEntry {
  const now = args.now ?? new Date();
  return {
    ...base(args.key, args.userId, now),
    kind: 'renovationPatrol',
    title: args.title,
    text: args.findings.trim(),
    input: {
      renovationId: args.renovationId,
      idempotencyKey: args.key,
      // The phone's clock at the tap: when the firm was there, not when the network came back.
      patrolledAt: now.toISOString(),
      findings: args.findings.trim(),
      violation: args.violation,
    },
    ...(args.photo ? { photo: args.photo } : {}),
  };
}

export interface FindingValues {
  matterCode: string;
  description: string;
  stillBeingBuilt: boolean;
  dissuasion: DissuasionInput;
}

export type FindingField = 'description' | 'dissuasionAt' | 'dissuasionMethod' | 'dissuasionBy' | 'dissuasionOwnerResponse';

/** Every dissuasion field is required: without a record the report is not a report (DISSUASION_REQUIRED). */
export function findingProblems(v: FindingValues): FindingField[] {
  const missing: FindingField[] = [];
  if (!v.description.trim()) missing.push('description');
  if (!v.dissuasion.at) missing.push('dissuasionAt');
  if (!v.dissuasion.method.trim()) missing.push('dissuasionMethod');
  if (!v.dissuasion.by.trim()) missing.push('dissuasionBy');
  if (!v.dissuasion.ownerResponse.trim()) missing.push('dissuasionOwnerResponse');
  return missing;
}

/** The outbox entry of 劝阻无效，报告执法部门: one property report linked to the registration. */
export function findingEntry(args: {
  key: string;
  userId: string;
  renovationId: string;
  title: string;
  values: FindingValues;
  photos: readonly StoredPhoto[];
  now?: Date;
}): FindingEntry {
  const v = args.values;
  return {
    ...base(args.key, args.userId, args.now ?? new Date()),
    kind: 'renovationReport',
    title: args.title,
    text: v.description.trim(),
    input: {
      renovationId: args.renovationId,
      idempotencyKey: args.key,
      matterCode: v.matterCode || null,
      description: v.description.trim(),
      dissuasion: {
        at: v.dissuasion.at,
        method: v.dissuasion.method.trim(),
        by: v.dissuasion.by.trim(),
        ownerResponse: v.dissuasion.ownerResponse.trim(),
      },
      stillBeingBuilt: v.stillBeingBuilt,
    },
    ...(args.photos.length > 0 ? { photos: args.photos.map((p) => ({ blob: p.blob, name: p.name })) } : {}),
  };
}

export type StepKey = 'agreement' | 'start' | 'patrol' | 'complete';
export type StepState = 'done' | 'current' | 'later';
export interface Step {
  key: StepKey;
  state: StepState;
}

const ORDER: Record<RenovationStatus, number> = { REGISTERED: 0, AGREED: 1, STARTED: 2, COMPLETED: 3 };

/** The four steps and where the registration stands (patrols are "current" for as long as works go on). */
export function renovationSteps(r: Pick<Renovation, 'status'>): Step[] {
  const n = r.status ? ORDER[r.status] : -1;
  const state = (doneAt: number, currentAt: number): StepState => (n >= doneAt ? 'done' : n === currentAt ? 'current' : 'later');
  return [
    { key: 'agreement', state: state(1, 0) },
    { key: 'start', state: state(2, 1) },
    { key: 'patrol', state: n === 2 ? 'current' : n > 2 ? 'done' : 'later' },
    { key: 'complete', state: state(3, 2) },
  ];
}

/** Why "start work" cannot be tapped now, or null when it can. */
export function startBlocked(r: Pick<Renovation, 'status' | 'agreementSignedOn'>): 'needsAgreement' | 'alreadyStarted' | null {
  if (r.status === 'REGISTERED' || !r.agreementSignedOn) return 'needsAgreement';
  if (r.status !== 'AGREED') return 'alreadyStarted';
  return null;
}

/** A violation was found (logged, or waiting in this phone's outbox) while works go on: the report action shows. */
export function violationFound(r: Pick<Renovation, 'status' | 'patrols'>, pending: readonly PatrolEntry[]): boolean {
  if (r.status !== 'STARTED') return false;
  return r.patrols.some((p) => p.violation) || pending.some((e) => e.input.violation);
}
