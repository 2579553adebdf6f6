// 管执联动 (issue #8): referrals between the bureau and the departments (转办 / 部门移送), joint
// enforcement actions (联合执法) and the affordable-housing series, as the partner screens read
// and send them. Mirrors the contract of issue #8 (see api/schema.graphql once generated).
import type { DateTime, UserError } from './types';

/** A calendar day, `YYYY-MM-DD` (the server's NaiveDate). */
export type NaiveDate = string;

export type DepartmentKind = 'HOUSING' | 'OTHER';

export interface Department {
  id: string;
  name: string;
  kind: DepartmentKind;
  /** For the printed letter. */
  address: string | null;
  /** True: the department answers in the app; false: the referral goes out as a printed letter. */
  inApp: boolean;
}

/** OUTGOING: bureau → department (转办); INCOMING: department → bureau (部门移送). */
export type ReferralDirection = 'OUTGOING' | 'INCOMING';
export const REFERRAL_DIRECTIONS: readonly ReferralDirection[] = ['OUTGOING', 'INCOMING'];

export type ReferralState = 'SENT' | 'RECEIVED' | 'ANSWERED' | 'RETURNED';
export const REFERRAL_STATES: readonly ReferralState[] = ['SENT', 'RECEIVED', 'ANSWERED', 'RETURNED'];

export interface ReferralEvent {
  at: DateTime;
  /** SEND RECEIVE ANSWER RETURN RESEND */
  action: string;
  /** Staff names only, never a filer. */
  actorName: string;
  fromState: ReferralState | null;
  toState: ReferralState;
  note: string | null;
  /** An officer recorded a paper answer or return of a department without accounts. */
  onBehalf: boolean;
}

/** The item referred, without the filer's identity. */
export interface ReferralItem {
  id: string;
  matterCode: string | null;
  matterName: string | null;
  communityName: string;
  unitLabel: string | null;
  description: string;
  seenAt: DateTime | null;
  receivedAt: DateTime;
  /** An ItemStatus name. */
  status: string;
}

export interface Referral {
  id: string;
  reference: string;
  externalReference: string | null;
  direction: ReferralDirection;
  state: ReferralState;
  department: Department;
  reason: string;
  item: ReferralItem;
  sentAt: DateTime;
  sends: number;
  transferDueAt: DateTime | null;
  sentOnTime: boolean | null;
  answerDueAt: DateTime;
  overdue: boolean;
  answer: string | null;
  answeredAt: DateTime | null;
  returnReason: string | null;
  returnedAt: DateTime | null;
  canReceive: boolean;
  canAnswer: boolean;
  canReturn: boolean;
  canResend: boolean;
  events: ReferralEvent[];
}

/** What the lists read of a referral. */
export type ReferralSummary = Omit<Referral, 'events' | 'canReceive' | 'canAnswer' | 'canReturn' | 'canResend'>;

export interface ReferralConnection<T = ReferralSummary> {
  nodes: T[];
  totalCount: number;
  hasMore: boolean;
}

export interface ReferralPayload {
  referral: Referral | null;
  userErrors: UserError[];
}

export interface ReferItemInput {
  itemId: string;
  departmentId: string;
  reason: string;
  idempotencyKey: string;
}

export interface ReferToBureauInput {
  idempotencyKey: string;
  departmentId?: string | null;
  externalReference: string | null;
  communityId: string;
  unitId: string | null;
  matterCode: string | null;
  description: string;
  reason: string;
  seenAt: DateTime | null;
}

export interface ResendReferralInput {
  id: string;
  note: string;
  departmentId: string | null;
}

// ---- 联合执法 ----

export type JointUnitOutcome = 'NO_VIOLATION' | 'RECTIFIED_ON_SITE' | 'VIOLATION';
export const JOINT_UNIT_OUTCOMES: readonly JointUnitOutcome[] = ['NO_VIOLATION', 'RECTIFIED_ON_SITE', 'VIOLATION'];

export type JointFocus = 'GROUP_RENTING' | 'AFFORDABLE_HOUSING';
export const JOINT_FOCUSES: readonly JointFocus[] = ['GROUP_RENTING', 'AFFORDABLE_HOUSING'];

export interface JointActionUnit {
  id: string;
  unitLabel: string;
  finding: string;
  outcome: JointUnitOutcome;
  caseNumber: string | null;
  /** Officers and supervisors only. */
  caseId: string | null;
  recheckDueOn: NaiveDate | null;
  recheckedOn: NaiveDate | null;
  recheckFinding: string | null;
  relapse: boolean | null;
}

export interface JointCommunity {
  id: string;
  name: string;
  affordableHousing: boolean;
  buildings?: { id: string; name: string; units: { id: string; number: string }[] }[];
}

export interface JointAction {
  id: string;
  title: string;
  focus: JointFocus;
  community: JointCommunity;
  actionOn: NaiveDate;
  departments: Pick<Department, 'id' | 'name' | 'kind'>[];
  note: string | null;
  createdByName: string;
  units: JointActionUnit[];
  canEdit: boolean;
}

export interface JointActionPayload {
  action: JointAction | null;
  userErrors: UserError[];
}

export interface JointActionInput {
  idempotencyKey: string;
  title: string;
  focus: JointFocus;
  communityId: string;
  actionOn: NaiveDate;
  departmentIds: string[];
  note: string | null;
}

export interface JointUnitInput {
  actionId: string;
  unitId: string;
  finding: string;
  outcome: JointUnitOutcome;
  caseNumber: string | null;
  recheckDueOn: NaiveDate | null;
}

export interface JointRecheckInput {
  unitId: string;
  finding: string;
  relapse: boolean;
}

// ---- 保障性租赁住房 ----

export interface AffordableRow {
  communityId: string;
  communityName: string;
  items: number;
  openItems: number;
  cases: number;
  openCases: number;
  jointActions: number;
  rechecksDue: number;
}

export interface AffordableSeries {
  from: NaiveDate;
  to: NaiveDate;
  rows: AffordableRow[];
  totalItems: number;
  totalCases: number;
}
