// Hand-written TypeScript mirror of the enforcement-case part of api/schema.graphql (SPEC §6–§7).
// operations.test.ts validates every operation document against the committed SDL.
import type { Connection, DateTime, ItemKind, ItemSource, ItemStatus, Role, UserError } from './types';

export type NaiveDate = string;

export type CaseStage = 'FILED' | 'INVESTIGATING' | 'NOTIFIED' | 'HEARING' | 'DECIDED' | 'SERVED' | 'EXECUTED' | 'CLOSED';
export const CASE_STAGES: readonly CaseStage[] = [
  'FILED',
  'INVESTIGATING',
  'NOTIFIED',
  'HEARING',
  'DECIDED',
  'SERVED',
  'EXECUTED',
  'CLOSED',
];
export type CaseProcedure = 'SUMMARY' | 'ORDINARY';
export type CaseOrigin = 'COMPLAINT' | 'PATROL' | 'DUTY_CHECK';
export type PartyKind = 'OWNER' | 'OCCUPANT' | 'TENANT' | 'SUBLANDLORD' | 'PROPERTY_FIRM';
export const PARTY_KINDS: readonly PartyKind[] = ['OWNER', 'OCCUPANT', 'TENANT', 'SUBLANDLORD', 'PROPERTY_FIRM'];
export type DecisionKind = 'WARNING' | 'FINE' | 'ORDER_TO_RECTIFY';
export const DECISION_KINDS: readonly DecisionKind[] = ['WARNING', 'FINE', 'ORDER_TO_RECTIFY'];
export type EvidenceKind = 'PHOTO' | 'DOCUMENT' | 'INSPECTION_RECORD' | 'INQUIRY_NOTE' | 'RESTORATION_REPORT';
export const EVIDENCE_KINDS: readonly EvidenceKind[] = [
  'PHOTO',
  'DOCUMENT',
  'INSPECTION_RECORD',
  'INQUIRY_NOTE',
  'RESTORATION_REPORT',
];
export type ApprovalKind = 'EXEMPTION' | 'DECISION_EXTENSION' | 'LEGAL_REVIEW';
export type ApprovalStatus = 'PENDING' | 'APPROVED' | 'REJECTED';
export type DutyCheckStatus = 'OPEN' | 'PASSED' | 'FAILED';
export type CaseRule = 'MANDATORY_MATTER' | 'REPEAT_COMPLAINT';
export type ClockKind = 'DECISION' | 'HEARING_REQUEST' | 'HEARING' | 'SERVICE' | 'PAYMENT' | 'RECTIFY' | 'RECHECK';
export type ClockState = 'RUNNING' | 'NEAR' | 'PAST' | 'DONE';
export type CaseAction =
  | 'INVESTIGATE'
  | 'NOTIFY'
  | 'REQUEST_HEARING'
  | 'DECIDE'
  | 'SERVE'
  | 'EXECUTE'
  | 'CLOSE'
  | 'HAND_OVER'
  | 'RECORD_RECHECK'
  | 'REQUEST_LEGAL_REVIEW'
  | 'REQUEST_EXTENSION';
export const CASE_ACTIONS: readonly CaseAction[] = [
  'INVESTIGATE',
  'NOTIFY',
  'REQUEST_HEARING',
  'DECIDE',
  'SERVE',
  'EXECUTE',
  'CLOSE',
  'HAND_OVER',
  'RECORD_RECHECK',
  'REQUEST_LEGAL_REVIEW',
  'REQUEST_EXTENSION',
];

export interface CaseMatter {
  code: string;
  name: string;
  legalBasis: string;
  fineMinCny: number | null;
  fineMaxCny: number | null;
  fineSeriousMaxCny: number | null;
  mandatoryCase: boolean;
  focus: boolean;
}

export interface HandlingUnit {
  id: string;
  name: string;
}

export interface Party {
  id: string;
  kind: PartyKind;
  name: string;
  /** Masked in lists; whole on the case page. */
  idNumber: string | null;
  phone: string | null;
  address: string | null;
  organisation: boolean;
}

export interface Decision {
  kind: DecisionKind;
  fineCny: number | null;
  rectifyBy: NaiveDate | null;
  demolish: boolean;
  seriousReason: string | null;
  text: string | null;
  major: boolean;
}

export interface Evidence {
  id: string;
  kind: EvidenceKind;
  title: string;
  body: string | null;
  thumbnailUrl: string | null;
  url: string | null;
  capturedAt: DateTime | null;
  latitude: number | null;
  longitude: number | null;
  addedBy: string;
  createdAt: DateTime;
}

export interface CaseClock {
  kind: ClockKind;
  dueAt: DateTime;
  state: ClockState;
}

export interface CaseEvent {
  at: DateTime;
  action: string;
  fromStage: CaseStage | null;
  toStage: CaseStage | null;
  note: string | null;
  actorName: string | null;
  actorRole: Role | null;
}

export interface LinkedItem {
  id: string;
  kind: ItemKind;
  source: ItemSource;
  status: ItemStatus;
  createdAt: DateTime;
  description: string;
}

export interface Approval {
  id: string;
  kind: ApprovalKind;
  status: ApprovalStatus;
  reason: string;
  evidence: string | null;
  days: number | null;
  requestedBy: string;
  requestedAt: DateTime;
  decidedBy: string | null;
  decidedAt: DateTime | null;
  decisionNote: string | null;
  itemId: string | null;
  caseId: string | null;
  caseNumber: string | null;
  matterCode: string | null;
  communityName: string;
}

export interface DutyCheck {
  id: string;
  status: DutyCheckStatus;
  firmName: string;
  communityName: string;
  unitLabel: string | null;
  matterCode: string | null;
  evidence: string;
  note: string | null;
  ownerCaseId: string | null;
  firmCaseId: string | null;
  createdAt: DateTime;
  concludedAt: DateTime | null;
}

/** What the lists show of a case. */
export interface CaseSummary {
  id: string;
  number: string;
  stage: CaseStage;
  procedure: CaseProcedure;
  matter: Pick<CaseMatter, 'code' | 'name'>;
  community: { id: string; name: string };
  unitLabel: string | null;
  officer: string | null;
  parties: Pick<Party, 'id' | 'kind' | 'name' | 'idNumber'>[];
  clocks: CaseClock[];
  nextDeadline: DateTime | null;
  overdue: boolean;
  nearDue: boolean;
  priority: number;
}

export interface Case extends Omit<CaseSummary, 'matter' | 'parties'> {
  origin: CaseOrigin;
  matter: CaseMatter;
  handlingUnit: HandlingUnit;
  facts: string;
  parties: Party[];
  items: LinkedItem[];
  evidence: Evidence[];
  proposed: Decision | null;
  decision: Decision | null;
  legalReview: ApprovalStatus | null;
  hearingAt: DateTime | null;
  servedInPerson: boolean | null;
  filedAt: DateTime;
  notifiedAt: DateTime | null;
  decidedAt: DateTime | null;
  servedAt: DateTime | null;
  executedAt: DateTime | null;
  closedAt: DateTime | null;
  recheckDueAt: DateTime | null;
  restorationReportAttached: boolean;
  version: number;
  availableActions: CaseAction[];
  chronology: CaseEvent[];
  approvals: Approval[];
  dutyChecks: DutyCheck[];
}

export interface CaseFilter {
  stages?: CaseStage[] | null;
  overdue?: boolean | null;
  dueWithinDays?: number | null;
  mine?: boolean | null;
  matterCode?: string | null;
}

export interface PartyInput {
  kind: PartyKind;
  name: string;
  idNumber?: string | null;
  phone?: string | null;
  address?: string | null;
}

export interface DecisionInput {
  kind: DecisionKind;
  fineCny?: number | null;
  rectifyBy?: NaiveDate | null;
  demolish?: boolean;
  seriousReason?: string | null;
  text?: string | null;
}

export interface OpenCaseInput {
  itemIds: string[];
  communityId?: string | null;
  unitId?: string | null;
  matterCode?: string | null;
  procedure: CaseProcedure;
  facts: string;
  parties: PartyInput[];
  handlingUnitId?: string | null;
}

export interface AddCaseEvidenceInput {
  caseId: string;
  idempotencyKey: string;
  kind: EvidenceKind;
  title: string;
  body?: string | null;
  /** `null` in the JSON; the file travels beside it (multipart). */
  photo?: null;
  capturedAt?: DateTime | null;
  latitude?: number | null;
  longitude?: number | null;
}

export interface RequestApprovalInput {
  kind: ApprovalKind;
  itemId?: string | null;
  caseId?: string | null;
  reason: string;
  evidence?: string | null;
  days?: number | null;
}

export interface CasePayload {
  case: Case | null;
  userErrors: UserError[];
}

export interface ApprovalPayload {
  approval: Approval | null;
  userErrors: UserError[];
}

export interface DutyCheckPayload {
  dutyCheck: DutyCheck | null;
  firmCase: { id: string; number: string } | null;
  userErrors: UserError[];
}

/** The officers-only fields of an item about cases (read apart, so other roles' item query stays as it was). */
export interface ItemCaseInfo {
  id: string;
  status: ItemStatus | null;
  matter: { code: string; name: string } | null;
  community: { id: string; name: string };
  unitLabel: string | null;
  description: string;
  caseId: string | null;
  needsCase: CaseRule | null;
  repeatCount: number;
  historicalStock: boolean;
  exemption: Approval | null;
}

export type CaseConnection = Connection<CaseSummary>;
