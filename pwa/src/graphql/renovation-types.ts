// Hand-written TypeScript mirror of the renovation pilot's part of api/schema.graphql (SPEC §8,
// /work/notes/renovation-contract.graphql). operations.test.ts validates every operation against the SDL.
import type { DateTime, DissuasionInput, ItemStatus, UserError } from './types';

export type NaiveDate = string;

export type RenovationStatus = 'REGISTERED' | 'AGREED' | 'STARTED' | 'COMPLETED';
export const RENOVATION_STATUSES: readonly RenovationStatus[] = ['REGISTERED', 'AGREED', 'STARTED', 'COMPLETED'];

export interface RenovationPatrol {
  id: string;
  patrolledAt: DateTime;
  findings: string;
  violation: boolean;
  photoUrl: string | null;
  thumbnailUrl: string | null;
  by: string;
}

export interface RenovationReport {
  id: string;
  status: ItemStatus;
  createdAt: DateTime;
  late: boolean;
  matterCode: string | null;
}

/** What the list shows. */
export interface RenovationSummary {
  id: string;
  community: { id: string; name: string };
  unitLabel: string | null;
  ownerName: string | null;
  contractorName: string;
  plannedStart: NaiveDate;
  plannedEnd: NaiveDate;
  loadBearing: boolean;
  waterproofing: boolean;
  sharedFacilities: boolean;
  highRisk: boolean;
  /** Nullable in the server's SDL (like the item enums). */
  status: RenovationStatus | null;
  nextPatrolDue: NaiveDate | null;
  dutyGaps: NaiveDate[];
  firmName: string;
}

export interface Renovation extends RenovationSummary {
  ownerPhone: string | null;
  contractorPhone: string | null;
  scopeOfWork: string;
  agreementSignedOn: NaiveDate | null;
  agreementPhotoUrl: string | null;
  startedOn: NaiveDate | null;
  completedOn: NaiveDate | null;
  completionNote: string | null;
  patrolEveryWorkingDays: number;
  patrols: RenovationPatrol[];
  reports: RenovationReport[];
  createdAt: DateTime;
  version: number;
}

/** 公示: what the residents of the building see (no owner). */
export interface RenovationNotice {
  id: string;
  unitLabel: string | null;
  plannedStart: NaiveDate;
  plannedEnd: NaiveDate;
  workingHours: string;
  contractorName: string;
  status: RenovationStatus | null;
}

export interface RenovationFilter {
  status?: RenovationStatus | null;
  highRisk?: boolean | null;
  communityId?: string | null;
  withGaps?: boolean | null;
}

export interface RegisterRenovationInput {
  idempotencyKey: string;
  communityId: string;
  unitId: string;
  ownerName: string;
  ownerPhone: string | null;
  contractorName: string;
  contractorPhone: string | null;
  plannedStart: NaiveDate;
  plannedEnd: NaiveDate;
  scopeOfWork: string;
  loadBearing: boolean;
  waterproofing: boolean;
  sharedFacilities: boolean;
}

export interface RecordRenovationAgreementInput {
  renovationId: string;
  signedOn: NaiveDate;
  note: string | null;
  /** null in the JSON; the file travels beside it (multipart). */
  photo?: null;
}

export interface StartRenovationInput {
  renovationId: string;
  startedOn: NaiveDate;
}

export interface LogRenovationPatrolInput {
  renovationId: string;
  idempotencyKey: string;
  patrolledAt: DateTime;
  findings: string;
  violation: boolean;
  photo?: null;
}

export interface ReportRenovationFindingInput {
  renovationId: string;
  idempotencyKey: string;
  matterCode: string | null;
  description: string;
  dissuasion: DissuasionInput;
  stillBeingBuilt: boolean;
  photos?: null[] | null;
}

export interface CompleteRenovationInput {
  renovationId: string;
  completedOn: NaiveDate;
  note: string;
}

export interface RenovationPayload {
  renovation: Renovation | null;
  userErrors: UserError[];
}

/** 物业履责排名 (issue #5 part 7): one row per property firm of a sub-district, best first. */
export interface FirmStanding {
  rank: number;
  firmId: string;
  firmName: string;
  communities: number;
  unitsManaged: number;
  registrations: number;
  registeredBeforeStart: number;
  unregisteredFound: number;
  /** registeredBeforeStart / (registrations + unregisteredFound); null when both are 0. */
  registeredShare: number | null;
  patrolsDue: number;
  patrolsOnTime: number;
  patrolOnTimeShare: number | null;
  foundByFirm: number;
  firstByComplaint: number;
  reportsLate: number;
  dutyChecksFailed: number;
  casesAgainstFirm: number;
  problems: number;
  problemsPer1000Units: number;
}

/** A 街道/镇 to pick, with its squad (an officer's own sub-district is the one of their squad). */
export interface SubDistrictOption {
  id: string;
  name: string;
  squad: { id: string; name: string } | null;
}
