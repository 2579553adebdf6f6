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
