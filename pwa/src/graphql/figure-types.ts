// Hand-written TypeScript mirror of issue #6's part of api/schema.graphql (SPEC §9, §11,
// /work/notes/figures-contract.graphql): figures, hotspots and rectification plans, the workroom
// directory and the 五治 practice library. operations.test.ts validates every operation against the SDL.
import type { DateTime, ItemSource, MatterCategory, UserError } from './types';
import type { NaiveDate } from './renovation-types';

export type { NaiveDate };

// ---------------------------------------------------------------- figures (SPEC §11)

export type FigureDimension = 'DISTRICT' | 'SUB_DISTRICT' | 'COMMUNITY' | 'MATTER' | 'CATEGORY' | 'SOURCE' | 'FIRM';
/** The dimensions the screen offers (DISTRICT is the total row). */
export const FIGURE_DIMENSIONS: readonly FigureDimension[] = ['SUB_DISTRICT', 'COMMUNITY', 'MATTER', 'CATEGORY', 'SOURCE', 'FIRM'];
export type TrendBucket = 'DAY' | 'WEEK' | 'MONTH';
export type FocusSeries = 'GROUP_RENTING' | 'AFFORDABLE_HOUSING' | 'GREEN_SPACE';
export const FOCUS_SERIES: readonly FocusSeries[] = ['GROUP_RENTING', 'AFFORDABLE_HOUSING', 'GREEN_SPACE'];
export type FigureMeasure =
  | 'RECEIVED'
  | 'ACCEPTED_LATE'
  | 'UNRESOLVED'
  | 'REPLIED_LATE'
  | 'UNSATISFIED'
  | 'CONVERTED'
  | 'NOT_CONVERTED'
  | 'MANDATORY_NOT_CONVERTED'
  | 'REPEAT';
export const FIGURE_MEASURES: readonly FigureMeasure[] = [
  'RECEIVED',
  'ACCEPTED_LATE',
  'UNRESOLVED',
  'REPLIED_LATE',
  'UNSATISFIED',
  'CONVERTED',
  'NOT_CONVERTED',
  'MANDATORY_NOT_CONVERTED',
  'REPEAT',
];

export interface FigureFilter {
  from: NaiveDate;
  to: NaiveDate;
  subDistrictId?: string | null;
  communityId?: string | null;
  matterCode?: string | null;
  category?: MatterCategory | null;
  source?: ItemSource | null;
  firmId?: string | null;
  focus?: FocusSeries | null;
}

export interface FigureRow {
  key: string;
  label: string;
  received: number;
  acceptedOnTime: number;
  responseRate: number | null;
  resolved: number;
  resolutionRate: number | null;
  replied: number;
  repliedOnTime: number;
  onTimeRate: number | null;
  rated: number;
  satisfied: number;
  satisfactionRate: number | null;
  violations: number;
  converted: number;
  conversionRate: number | null;
  mandatoryViolations: number;
  mandatoryConverted: number;
  mandatoryConversionRate: number | null;
  complaints: number;
  repeats: number;
  repeatRate: number | null;
}

export interface TrendPoint {
  start: NaiveDate;
  received: number;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
}

export type CaseStage = 'FILED' | 'INVESTIGATING' | 'NOTIFIED' | 'HEARING' | 'DECIDED' | 'SERVED' | 'EXECUTED' | 'CLOSED';

export interface Figures {
  from: NaiveDate;
  to: NaiveDate;
  by: FigureDimension;
  total: FigureRow;
  rows: FigureRow[];
  focus: { series: FocusSeries; label: string; row: FigureRow }[];
  trend: TrendPoint[];
  cases: { opened: number; closed: number; open: number; overdue: number; byStage: { stage: CaseStage | null; count: number }[] };
  dutyChecks: { concluded: number; failed: number };
  renovation: {
    registered: number;
    highRisk: number;
    inProgress: number;
    completed: number;
    violationReports: number;
    lateReports: number;
  };
}

// ---------------------------------------------------------------- hotspots and plans (SPEC §9)

export type HotspotSource = 'IMPORTED' | 'MANUAL';
export type HotspotPatternLabel = 'SAME_PROBLEM_REPEATED' | 'ONE_KIND_MANY_TIMES' | 'MANY_PROBLEMS_OFTEN' | 'TOO_FEW';

export interface MatterCount {
  matterCode: string;
  matterName: string;
  count: number;
  units: number;
}

export interface HotspotPattern {
  label: HotspotPatternLabel;
  labelText: string;
  from: NaiveDate;
  to: NaiveDate;
  dataFrom: NaiveDate | null;
  windowLongerThanData: boolean;
  total: number;
  distinctMatters: number;
  distinctUnits: number;
  topUnitMatter: { unitLabel: string; matterCode: string; matterName: string; count: number } | null;
  topUnitMatterShare: number;
  topMatter: MatterCount | null;
  topMatterShare: number;
  matters: MatterCount[];
  explanation: string;
}

export interface HotspotSummary {
  id: string;
  community: { id: string; name: string; address: string };
  startsOn: NaiveDate;
  endsOn: NaiveDate | null;
  active: boolean;
  source: HotspotSource;
  openItems: number;
  pattern: { label: HotspotPatternLabel; labelText: string; total: number };
}

export interface PlanSummary {
  id: string;
  title: string;
  startedOn: NaiveDate;
  endsOn: NaiveDate | null;
  measures: { id: string; doneOn: NaiveDate | null; overdue: boolean }[];
}

export interface Hotspot extends Omit<HotspotSummary, 'pattern'> {
  note: string | null;
  pattern: HotspotPattern;
  plans: PlanSummary[];
}

export interface WeekCount {
  weekStart: NaiveDate;
  count: number;
  afterPlan: boolean;
}

export interface PlanMeasure {
  id: string;
  description: string;
  owner: string;
  dueOn: NaiveDate;
  doneOn: NaiveDate | null;
  overdue: boolean;
}

export interface RectificationPlan {
  id: string;
  hotspot: { id: string; startsOn: NaiveDate; community: { id: string; name: string } };
  title: string;
  startedOn: NaiveDate;
  endsOn: NaiveDate | null;
  measures: PlanMeasure[];
  notes: { id: string; body: string; author: string; at: DateTime }[];
  weekly: WeekCount[];
  createdBy: string;
  createdAt: DateTime;
}

export interface ImportLine {
  line: number;
  name: string;
  address: string;
  community: { id: string; name: string } | null;
  reason: string | null;
}

export interface ImportHotspotsPayload {
  imported: number;
  matched: ImportLine[];
  unmatched: ImportLine[];
  userErrors: UserError[];
}

export interface MeasureInput {
  description: string;
  owner: string;
  dueOn: NaiveDate;
}

export interface CreatePlanInput {
  hotspotId: string;
  title: string;
  startedOn: NaiveDate;
  endsOn?: NaiveDate | null;
  measures: MeasureInput[];
}

export interface MarkHotspotInput {
  communityId: string;
  startsOn: NaiveDate;
  endsOn?: NaiveDate | null;
  note?: string | null;
}

// ---------------------------------------------------------------- workroom directory

export interface Workroom {
  officeHours: string;
  phone: string;
  officers: string[];
}

export interface MyWorkroom {
  community: { id: string; name: string };
  workroom: Workroom | null;
}

export interface SaveWorkroomInput {
  communityId: string;
  officeHours: string;
  phone: string;
  officerIds: string[];
}

// ---------------------------------------------------------------- 五治 practice library

export type GovernanceTag = 'RULE_OF_LAW' | 'SELF_GOVERNANCE' | 'COMPREHENSIVE' | 'SMART' | 'CO_GOVERNANCE';
export const GOVERNANCE_TAGS: readonly GovernanceTag[] = ['RULE_OF_LAW', 'SELF_GOVERNANCE', 'COMPREHENSIVE', 'SMART', 'CO_GOVERNANCE'];
export type PracticeStatus = 'DRAFT' | 'IN_REVIEW' | 'PUBLISHED' | 'RETURNED';

export interface PracticeSummary {
  id: string;
  title: string;
  summary: string;
  tags: GovernanceTag[];
  status: PracticeStatus;
  author: string;
  communities: { id: string; name: string }[];
  publishedAt: DateTime | null;
  updatedAt: DateTime;
}

export interface PracticeCase extends PracticeSummary {
  body: string;
  caseNumbers: string[];
  reviewNote: string | null;
  version: number;
  canEdit: boolean;
  canReview: boolean;
}

export interface SavePracticeInput {
  id?: string | null;
  version?: number | null;
  title: string;
  summary: string;
  body: string;
  tags: GovernanceTag[];
  communityIds: string[];
  caseIds: string[];
}

export interface PracticePayload {
  practice: PracticeCase | null;
  userErrors: UserError[];
}
