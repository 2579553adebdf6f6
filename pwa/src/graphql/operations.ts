import type {
  AuthPayload,
  LoginInput,
  LogoutInput,
  LogoutPayload,
  RefreshSessionInput,
  User,
} from './types';

/** A GraphQL document with one named operation, typed by its result and variables. */
export interface Operation<TData, TVariables> {
  readonly operationName: string;
  readonly query: string;
  /** Phantom fields: carry the types only. */
  readonly __data?: TData;
  readonly __variables?: TVariables;
}

function operation<TData, TVariables>(operationName: string, query: string): Operation<TData, TVariables> {
  return { operationName, query };
}

const USER_FIELDS = /* GraphQL */ `
  fragment UserFields on User {
    id
    displayName
    role
    status
    scope {
      kind
      label
    }
  }
`;

const AUTH_PAYLOAD_FIELDS = /* GraphQL */ `
  fragment AuthPayloadFields on AuthPayload {
    session {
      accessToken
      accessTokenExpiresAt
      refreshToken
      refreshTokenExpiresAt
      user {
        ...UserFields
      }
    }
    userErrors {
      field
      code
      message
    }
  }
  ${USER_FIELDS}
`;

export const LoginMutation = operation<{ login: AuthPayload }, { input: LoginInput }>(
  'Login',
  /* GraphQL */ `
    mutation Login($input: LoginInput!) {
      login(input: $input) {
        ...AuthPayloadFields
      }
    }
    ${AUTH_PAYLOAD_FIELDS}
  `,
);

export const RefreshSessionMutation = operation<{ refreshSession: AuthPayload }, { input: RefreshSessionInput }>(
  'RefreshSession',
  /* GraphQL */ `
    mutation RefreshSession($input: RefreshSessionInput!) {
      refreshSession(input: $input) {
        ...AuthPayloadFields
      }
    }
    ${AUTH_PAYLOAD_FIELDS}
  `,
);

export const LogoutMutation = operation<{ logout: LogoutPayload }, { input: LogoutInput }>(
  'Logout',
  /* GraphQL */ `
    mutation Logout($input: LogoutInput!) {
      logout(input: $input) {
        ok
        userErrors {
          field
          code
          message
        }
      }
    }
  `,
);

export const MeQuery = operation<{ me: User }, Record<string, never>>(
  'Me',
  /* GraphQL */ `
    query Me {
      me {
        ...UserFields
      }
    }
    ${USER_FIELDS}
  `,
);

/** Every operation the PWA sends; the schema test validates each one. */
export const ALL_OPERATIONS: readonly Operation<unknown, unknown>[] = [
  LoginMutation,
  RefreshSessionMutation,
  LogoutMutation,
  MeQuery,
];
