// Duty and patrols (勤务, issue #7): the shapes the patrol screens and the outbox read and send.
export type NaiveDate = string;

export interface OfficerRef {
  id: string;
  name: string;
}

export interface CommunityRef {
  id: string;
  name: string;
}

export interface PlannedVisit {
  id: string;
  community: CommunityRef;
  onDay: NaiveDate;
  officers: OfficerRef[];
}

export interface DueRecheck {
  caseId: string;
  number: string;
  community: CommunityRef;
  dueAt: string;
  overdue: boolean;
}

export interface PatrolCheckin {
  id: string;
  community: CommunityRef;
  at: string;
  latitude: number | null;
  longitude: number | null;
}

export interface PatrolFinding {
  id: string;
  joined: boolean;
  item: { id: string; source: string | null; status: string | null };
}

export interface Patrol {
  id: string;
  startedAt: string;
  endedAt: string | null;
  officers: OfficerRef[];
  checkins: PatrolCheckin[];
  findings: PatrolFinding[];
}

/** An item assigned to the officer whose time limit runs out within a day, or has. */
export interface DueItem {
  id: string;
  description: string;
  community: { name: string };
  matter: { code: string; name: string } | null;
  nextDeadline: string | null;
  overdue: boolean;
}

export interface PatrolDay {
  visits: PlannedVisit[];
  rechecks: DueRecheck[];
  openPatrols: Patrol[];
  dueItems: DueItem[];
}

export interface RiskReason {
  factor: string;
  value: number;
  points: number;
  text: string;
}

export interface RosterSuggestion {
  community: CommunityRef;
  score: number;
  reasons: RiskReason[];
  daysSincePatrol: number | null;
}

export interface PatrolPlan {
  id: string;
  title: string;
  startsOn: NaiveDate;
  endsOn: NaiveDate;
  squad: string;
  visits: PlannedVisit[];
}

export interface CoverageRow {
  community: CommunityRef;
  planned: number;
  done: number;
  lastVisit: string | null;
  daysSinceVisit: number | null;
  findings: number;
  byPatrol: number;
  byComplaint: number;
}

export interface StartPatrolInput {
  idempotencyKey: string;
  officerIds: string[];
}

export interface CheckInPatrolInput {
  patrolId: string;
  idempotencyKey: string;
  communityId: string;
  at: string | null;
  latitude: number | null;
  longitude: number | null;
}

export interface PatrolFindingInput {
  patrolId: string;
  idempotencyKey: string;
  communityId: string;
  unitId: string | null;
  matterCode: string | null;
  description: string;
  joinItemId: string | null;
  photos?: null[];
}

export interface VisitInput {
  communityId: string;
  onDay: NaiveDate;
  officerIds: string[];
}

export interface CreatePatrolPlanInput {
  squadId: string | null;
  title: string;
  startsOn: NaiveDate;
  endsOn: NaiveDate;
  visits: VisitInput[];
}
