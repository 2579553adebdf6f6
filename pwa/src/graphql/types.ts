// Hand-written TypeScript mirror of the parts of api/schema.graphql the PWA uses.
// operations.test.ts validates every operation document against the committed SDL.

export type DateTime = string;
export type Role = 'RESIDENT' | 'COMMITTEE' | 'PROPERTY' | 'OFFICER' | 'SUPERVISOR' | 'HOUSING';
export const ROLES: readonly Role[] = ['RESIDENT', 'COMMITTEE', 'PROPERTY', 'OFFICER', 'SUPERVISOR', 'HOUSING'];
export type ScopeKind = 'UNIT' | 'COMMUNITIES' | 'SQUAD' | 'DISTRICT';
export type AccountStatus = 'PENDING_VERIFICATION' | 'ACTIVE' | 'DEACTIVATED';

/** `extensions.code` of a GraphQL error. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'VALIDATION'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  /** The database could not serve now; nothing changed (HTTP 503): retried. */
  | 'UNAVAILABLE'
  /** A commit without an answer: it may have landed (HTTP 503); retried with the same key. */
  | 'OUTCOME_UNKNOWN'
  /** The server's request timeout (HTTP 504); retried with the same key. */
  | 'TIMEOUT'
  | 'INTERNAL';

export interface Scope {
  kind: ScopeKind;
  label: string;
}

export interface User {
  id: string;
  displayName: string;
  role: Role;
  status: AccountStatus;
  scope: Scope;
}

export interface UserError {
  field: string[];
  code: string;
  message: string;
}

export interface Session {
  accessToken: string;
  accessTokenExpiresAt: DateTime;
  refreshToken: string;
  refreshTokenExpiresAt: DateTime;
  user: User;
}

export interface AuthPayload {
  session: Session | null;
  userErrors: UserError[];
}

export interface LogoutPayload {
  ok: boolean;
  userErrors: UserError[];
}

export interface PushPayload {
  ok: boolean;
  userErrors: UserError[];
}

/** A browser push subscription as the server stores it (keys base64url). */
export interface PushSubscriptionInput {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface LoginInput {
  login: string;
  password: string;
}

export interface RefreshSessionInput {
  refreshToken: string;
}

export interface LogoutInput {
  refreshToken: string;
}

// ---- Directory and catalog ----

export type MatterCategory = 'HOUSING_SAFETY' | 'ILLEGAL_RENTAL' | 'ENVIRONMENT_ORDER' | 'PROPERTY_DUTY';
export const MATTER_CATEGORIES: readonly MatterCategory[] = [
  'HOUSING_SAFETY',
  'ILLEGAL_RENTAL',
  'ENVIRONMENT_ORDER',
  'PROPERTY_DUTY',
];

export interface MatterSummary {
  code: string;
  name: string;
  category: MatterCategory;
}

export interface Connection<T> {
  edges: { node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export interface Unit {
  id: string;
  number: string;
}

export interface Building {
  id: string;
  name: string;
  units: Unit[];
}

export interface CommunityDetail {
  id: string;
  name: string;
  buildings: Building[];
}

/** Where a resident lives (`me.home`). */
export interface Home {
  communityId: string;
  communityName: string;
  unitId: string;
  /** Building and unit, e.g. `1号楼 101`. */
  unitLabel: string;
}

// ---- Intake and the closed loop (SPEC §4, §5) ----

export type ItemKind = 'COMPLAINT' | 'PROPERTY_REPORT' | 'COMMITTEE_REPORT' | 'SUGGESTION';
export type ItemSource =
  | 'CITIZEN_COMPLAINT'
  | 'PATROL'
  | 'PROPERTY_REPORT'
  | 'COMMITTEE_REPORT'
  | 'DEPARTMENT_REFERRAL'
  | 'MEDIA';
export type ItemStatus =
  | 'SUBMITTED'
  | 'ACCEPTED'
  | 'VERIFYING'
  | 'CONVERTED_TO_CASE'
  | 'RESOLVED'
  | 'REPLIED'
  | 'CLOSED'
  | 'ANSWERED';
export const ITEM_STATUSES: readonly ItemStatus[] = [
  'SUBMITTED',
  'ACCEPTED',
  'VERIFYING',
  'CONVERTED_TO_CASE',
  'RESOLVED',
  'REPLIED',
  'CLOSED',
  'ANSWERED',
];
export type Resolution = 'NO_VIOLATION' | 'RECTIFIED_ON_SITE' | 'REFERRED';
export const RESOLUTIONS: readonly Resolution[] = ['NO_VIOLATION', 'RECTIFIED_ON_SITE', 'REFERRED'];
export type Rating = 'SATISFIED' | 'UNSATISFIED';
export type ItemAction =
  | 'ACCEPT'
  | 'START_VERIFICATION'
  | 'RESOLVE'
  | 'REPLY'
  | 'RATE'
  | 'EXTEND_DEADLINE'
  | 'ANSWER_SUGGESTION';
export type Adoption = 'ADOPTED' | 'PARTLY_ADOPTED' | 'NOT_ADOPTED';

export interface FileComplaintInput {
  idempotencyKey: string;
  matterCode?: string | null;
  communityId?: string | null;
  unitId?: string | null;
  description: string;
  seenAt?: DateTime | null;
  publicSafety?: boolean;
  mediaAttention?: boolean;
  anonymous?: boolean;
  /** Illegal construction still going up: officers on site within 2 hours. */
  stillBeingBuilt?: boolean;
  source?: ItemSource | null;
  /** One `null` per file of the multipart request (the files travel beside the JSON). */
  photos?: null[] | null;
}

export interface DissuasionInput {
  at: DateTime;
  method: string;
  by: string;
  ownerResponse: string;
}

export interface FilePropertyReportInput {
  idempotencyKey: string;
  matterCode?: string | null;
  communityId: string;
  unitId?: string | null;
  description: string;
  seenAt?: DateTime | null;
  publicSafety?: boolean;
  stillBeingBuilt?: boolean;
  dissuasion?: DissuasionInput | null;
  photos?: null[] | null;
}

export interface FileSuggestionInput {
  idempotencyKey: string;
  communityId?: string | null;
  topic: string;
  reasons: string;
  measures: string;
}

export interface JoinItemInput {
  itemId: string;
  idempotencyKey: string;
}

export interface InboxFilter {
  statuses?: ItemStatus[] | null;
  matterCode?: string | null;
  source?: ItemSource | null;
  communityId?: string | null;
  overdue?: boolean | null;
}

/** The fields every list shows. (kind, source and status are nullable in the server's SDL.) */
export interface ItemSummary {
  id: string;
  kind: ItemKind | null;
  source: ItemSource | null;
  status: ItemStatus | null;
  matter: { code: string; name: string } | null;
  community: { id: string; name: string };
  unitLabel: string | null;
  description: string;
  topic: string | null;
  createdAt: DateTime;
  publicSafety: boolean;
  priority: number;
  nextDeadline: DateTime | null;
  overdue: boolean;
  nearDue: boolean;
  filerCount: number;
  mine: boolean;
  reopened: boolean;
}

export interface ItemEvent {
  at: DateTime;
  action: string;
  fromStatus: ItemStatus | null;
  toStatus: ItemStatus | null;
  note: string | null;
  actorRole: Role | null;
}

export interface Photo {
  id: string;
  width: number;
  height: number;
  /** Signed, relative to the server origin, valid for 15 minutes; null for HEIC (no copies). */
  thumbnailUrl: string | null;
  url: string | null;
  /** Handling officers only (null for everyone else). */
  originalUrl: string | null;
  capturedAt: DateTime | null;
  latitude: number | null;
  longitude: number | null;
}

export interface Item extends ItemSummary {
  seenAt: DateTime | null;
  mediaAttention: boolean;
  anonymous: boolean;
  late: boolean;
  filer: { displayName: string; phone: string | null } | null;
  reply: string | null;
  rating: Rating | null;
  ratingComment: string | null;
  resolution: Resolution | null;
  department: string | null;
  dissuasion: DissuasionInput | null;
  reasons: string | null;
  measures: string | null;
  answer: string | null;
  adoption: Adoption | null;
  /** The renovation registration a property report came from (SPEC §8). */
  renovationId?: string | null;
  photos: Photo[];
  availableActions: ItemAction[];
  timeline: ItemEvent[];
}

/** What a subscription event carries: which item moved, and where to. */
export interface ItemChange {
  id: string;
  status: ItemStatus | null;
}

/** What `similarOpenItems` shows of someone else's open item: where and what, never who or their words. */
export interface OpenItemHint {
  id: string;
  matter: { code: string; name: string } | null;
  unitLabel: string | null;
  status: ItemStatus | null;
  createdAt: DateTime;
  filerCount: number;
}

export interface ItemPayload {
  item: Item | null;
  userErrors: UserError[];
}

export interface AcceptItemsPayload {
  items: ItemSummary[];
  userErrors: UserError[];
}
