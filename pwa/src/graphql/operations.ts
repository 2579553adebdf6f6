import type {
  AcceptItemsPayload,
  Adoption,
  AuthPayload,
  CommunityDetail,
  Connection,
  FileComplaintInput,
  FilePropertyReportInput,
  FileSuggestionInput,
  Home,
  InboxFilter,
  Item,
  ItemChange,
  ItemPayload,
  ItemSummary,
  JoinItemInput,
  LoginInput,
  LogoutInput,
  LogoutPayload,
  MatterSummary,
  OpenItemHint,
  PushPayload,
  PushSubscriptionInput,
  Rating,
  RefreshSessionInput,
  Resolution,
  User,
  UserError,
} from './types';
import type { AddCaseEvidenceInput } from './case-types';
import type { LogRenovationPatrolInput, RenovationNotice, ReportRenovationFindingInput } from './renovation-types';
import type { MyWorkroom } from './figure-types';
import type { CheckInPatrolInput, PatrolFindingInput } from './patrol-types';

/** A GraphQL document with one named operation, typed by its result and variables. */
export interface Operation<TData, TVariables> {
  readonly operationName: string;
  readonly query: string;
  /** Phantom fields: carry the types only. */
  readonly __data?: TData;
  readonly __variables?: TVariables;
}

export function operation<TData, TVariables>(operationName: string, query: string): Operation<TData, TVariables> {
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

/** The resident's home, to pre-fill filings (null for other roles; not part of the login payload). */
export const MyHomeQuery = operation<{ me: { id: string; home: Home | null } }, Record<string, never>>(
  'MyHome',
  /* GraphQL */ `
    query MyHome {
      me {
        id
        home {
          communityId
          communityName
          unitId
          unitLabel
        }
      }
    }
  `,
);

export const USER_ERROR_FIELDS = /* GraphQL */ `
  fragment UserErrorFields on UserError {
    field
    code
    message
  }
`;

export const ITEM_SUMMARY_FIELDS = /* GraphQL */ `
  fragment ItemSummaryFields on Item {
    id
    kind
    source
    status
    matter {
      code
      name
    }
    community {
      id
      name
    }
    unitLabel
    description
    topic
    createdAt
    publicSafety
    priority
    nextDeadline
    overdue
    nearDue
    filerCount
    mine
    reopened
  }
`;

const ITEM_FIELDS = /* GraphQL */ `
  fragment ItemFields on Item {
    ...ItemSummaryFields
    seenAt
    mediaAttention
    anonymous
    late
    filer {
      displayName
      phone
    }
    reply
    rating
    ratingComment
    resolution
    department
    dissuasion {
      at
      method
      by
      ownerResponse
    }
    reasons
    measures
    answer
    adoption
    renovationId
    photos {
      id
      width
      height
      thumbnailUrl
      url
      originalUrl
      capturedAt
      latitude
      longitude
    }
    availableActions
    timeline {
      at
      action
      fromStatus
      toStatus
      note
      actorRole
    }
  }
  ${ITEM_SUMMARY_FIELDS}
`;

const ITEM_PAYLOAD_FIELDS = /* GraphQL */ `
  fragment ItemPayloadFields on ItemPayload {
    item {
      ...ItemFields
    }
    userErrors {
      ...UserErrorFields
    }
  }
  ${ITEM_FIELDS}
  ${USER_ERROR_FIELDS}
`;

export const MattersQuery = operation<{ matters: Connection<MatterSummary> }, { first: number }>(
  'Matters',
  /* GraphQL */ `
    query Matters($first: Int) {
      matters(first: $first) {
        edges {
          node {
            code
            name
            category
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
        totalCount
      }
    }
  `,
);

/** The communities of the caller's scope, with their buildings and units (cached for offline filing). */
export const MyCommunitiesQuery = operation<
  { myCommunities: Connection<CommunityDetail> },
  { first: number; after: string | null }
>(
  'MyCommunities',
  /* GraphQL */ `
    query MyCommunities($first: Int, $after: String) {
      myCommunities(first: $first, after: $after) {
        edges {
          node {
            id
            name
            buildings {
              id
              name
              units {
                id
                number
              }
            }
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
        totalCount
      }
    }
  `,
);

export const MyItemsQuery = operation<{ myItems: Connection<ItemSummary> }, { first: number; after?: string | null }>(
  'MyItems',
  /* GraphQL */ `
    query MyItems($first: Int, $after: String) {
      myItems(first: $first, after: $after) {
        edges {
          node {
            ...ItemSummaryFields
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
        totalCount
      }
    }
    ${ITEM_SUMMARY_FIELDS}
  `,
);

export const InboxQuery = operation<
  { inbox: Connection<ItemSummary> },
  { filter: InboxFilter | null; first: number; after?: string | null }
>(
  'Inbox',
  /* GraphQL */ `
    query Inbox($filter: InboxFilter, $first: Int, $after: String) {
      inbox(filter: $filter, first: $first, after: $after) {
        edges {
          node {
            ...ItemSummaryFields
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
        totalCount
      }
    }
    ${ITEM_SUMMARY_FIELDS}
  `,
);

export const ItemQuery = operation<{ item: Item }, { id: string }>(
  'Item',
  /* GraphQL */ `
    query Item($id: ID!) {
      item(id: $id) {
        ...ItemFields
      }
    }
    ${ITEM_FIELDS}
  `,
);

export const SimilarOpenItemsQuery = operation<
  { similarOpenItems: OpenItemHint[] },
  { communityId: string; unitId: string | null; matterCode: string | null }
>(
  'SimilarOpenItems',
  /* GraphQL */ `
    query SimilarOpenItems($communityId: ID!, $unitId: ID, $matterCode: String) {
      similarOpenItems(communityId: $communityId, unitId: $unitId, matterCode: $matterCode) {
        id
        matter {
          code
          name
        }
        unitLabel
        status
        createdAt
        filerCount
      }
    }
  `,
);

export const FileComplaintMutation = operation<{ fileComplaint: ItemPayload }, { input: FileComplaintInput }>(
  'FileComplaint',
  /* GraphQL */ `
    mutation FileComplaint($input: FileComplaintInput!) {
      fileComplaint(input: $input) {
        ...ItemPayloadFields
      }
    }
    ${ITEM_PAYLOAD_FIELDS}
  `,
);

export const FilePropertyReportMutation = operation<
  { filePropertyReport: ItemPayload },
  { input: FilePropertyReportInput }
>(
  'FilePropertyReport',
  /* GraphQL */ `
    mutation FilePropertyReport($input: FilePropertyReportInput!) {
      filePropertyReport(input: $input) {
        ...ItemPayloadFields
      }
    }
    ${ITEM_PAYLOAD_FIELDS}
  `,
);

export const FileSuggestionMutation = operation<{ fileSuggestion: ItemPayload }, { input: FileSuggestionInput }>(
  'FileSuggestion',
  /* GraphQL */ `
    mutation FileSuggestion($input: FileSuggestionInput!) {
      fileSuggestion(input: $input) {
        ...ItemPayloadFields
      }
    }
    ${ITEM_PAYLOAD_FIELDS}
  `,
);

export const JoinItemMutation = operation<{ joinItem: ItemPayload }, { input: JoinItemInput }>(
  'JoinItem',
  /* GraphQL */ `
    mutation JoinItem($input: JoinItemInput!) {
      joinItem(input: $input) {
        ...ItemPayloadFields
      }
    }
    ${ITEM_PAYLOAD_FIELDS}
  `,
);

export const AcceptItemsMutation = operation<{ acceptItems: AcceptItemsPayload }, { input: { itemIds: string[] } }>(
  'AcceptItems',
  /* GraphQL */ `
    mutation AcceptItems($input: AcceptItemsInput!) {
      acceptItems(input: $input) {
        items {
          ...ItemSummaryFields
        }
        userErrors {
          ...UserErrorFields
        }
      }
    }
    ${ITEM_SUMMARY_FIELDS}
    ${USER_ERROR_FIELDS}
  `,
);

export const StartVerificationMutation = operation<
  { startVerification: ItemPayload },
  { input: { itemId: string; note: string | null } }
>(
  'StartVerification',
  /* GraphQL */ `
    mutation StartVerification($input: ItemNoteInput!) {
      startVerification(input: $input) {
        ...ItemPayloadFields
      }
    }
    ${ITEM_PAYLOAD_FIELDS}
  `,
);

export const ResolveItemMutation = operation<
  { resolveItem: ItemPayload },
  { input: { itemId: string; resolution: Resolution; note: string; department: string | null } }
>(
  'ResolveItem',
  /* GraphQL */ `
    mutation ResolveItem($input: ResolveItemInput!) {
      resolveItem(input: $input) {
        ...ItemPayloadFields
      }
    }
    ${ITEM_PAYLOAD_FIELDS}
  `,
);

export const ReplyItemMutation = operation<{ replyItem: ItemPayload }, { input: { itemId: string; message: string } }>(
  'ReplyItem',
  /* GraphQL */ `
    mutation ReplyItem($input: ReplyItemInput!) {
      replyItem(input: $input) {
        ...ItemPayloadFields
      }
    }
    ${ITEM_PAYLOAD_FIELDS}
  `,
);

export const RateItemMutation = operation<
  { rateItem: ItemPayload },
  { input: { itemId: string; rating: Rating; comment: string | null } }
>(
  'RateItem',
  /* GraphQL */ `
    mutation RateItem($input: RateItemInput!) {
      rateItem(input: $input) {
        ...ItemPayloadFields
      }
    }
    ${ITEM_PAYLOAD_FIELDS}
  `,
);

export const AnswerSuggestionMutation = operation<
  { answerSuggestion: ItemPayload },
  { input: { itemId: string; answer: string; adoption: Adoption } }
>(
  'AnswerSuggestion',
  /* GraphQL */ `
    mutation AnswerSuggestion($input: AnswerSuggestionInput!) {
      answerSuggestion(input: $input) {
        ...ItemPayloadFields
      }
    }
    ${ITEM_PAYLOAD_FIELDS}
  `,
);

export const ExtendDeadlineMutation = operation<
  { extendDeadline: ItemPayload },
  { input: { itemId: string; days: number; reason: string } }
>(
  'ExtendDeadline',
  /* GraphQL */ `
    mutation ExtendDeadline($input: ExtendDeadlineInput!) {
      extendDeadline(input: $input) {
        ...ItemPayloadFields
      }
    }
    ${ITEM_PAYLOAD_FIELDS}
  `,
);

/**
 * One evidence item of a case, sent from the outbox (stable idempotency key; the photo as a GraphQL
 * multipart file at `variables.input.photo`). The page reads the case again once it is sent.
 */
export const AddCaseEvidenceMutation = operation<
  { addCaseEvidence: { case: { id: string } | null; userErrors: UserError[] } },
  { input: AddCaseEvidenceInput }
>(
  'AddCaseEvidence',
  /* GraphQL */ `
    mutation AddCaseEvidence($input: AddCaseEvidenceInput!) {
      addCaseEvidence(input: $input) {
        case {
          id
        }
        userErrors {
          ...UserErrorFields
        }
      }
    }
    ${USER_ERROR_FIELDS}
  `,
);

// ---- The renovation pilot (SPEC §8): what the outbox sends and the home screen's notice card ----

/** A patrol of a registration, from the outbox (stable key; one photo at `variables.input.photo`). */
export const LogRenovationPatrolMutation = operation<
  { logRenovationPatrol: { renovation: { id: string } | null; userErrors: UserError[] } },
  { input: LogRenovationPatrolInput }
>(
  'LogRenovationPatrol',
  /* GraphQL */ `
    mutation LogRenovationPatrol($input: LogRenovationPatrolInput!) {
      logRenovationPatrol(input: $input) {
        renovation {
          id
        }
        userErrors {
          ...UserErrorFields
        }
      }
    }
    ${USER_ERROR_FIELDS}
  `,
);

/** 劝阻无效，报告执法部门: a property report linked to the registration, from the outbox (photos at `variables.input.photos.N`). */
export const ReportRenovationFindingMutation = operation<
  { reportRenovationFinding: { item: { id: string; status: Item['status'] } | null; userErrors: UserError[] } },
  { input: ReportRenovationFindingInput }
>(
  'ReportRenovationFinding',
  /* GraphQL */ `
    mutation ReportRenovationFinding($input: ReportRenovationFindingInput!) {
      reportRenovationFinding(input: $input) {
        item {
          id
          status
        }
        userErrors {
          ...UserErrorFields
        }
      }
    }
    ${USER_ERROR_FIELDS}
  `,
);

/** 本楼装修公示: residents' building, a committee's communities. */
export const RenovationNoticesQuery = operation<{ renovationNotices: RenovationNotice[] }, Record<string, never>>(
  'RenovationNotices',
  /* GraphQL */ `
    query RenovationNotices {
      renovationNotices {
        id
        unitLabel
        plannedStart
        plannedEnd
        workingHours
        contractorName
        status
      }
    }
  `,
);

// ---- Web Push opt-in (src/push.ts) ----

/** 城管社区工作室 on a resident's or committee's home (SPEC §9): null when there is none. */
export const MyWorkroomQuery = operation<{ myWorkroom: MyWorkroom | null }, Record<string, never>>(
  'MyWorkroom',
  /* GraphQL */ `
    query MyWorkroom {
      myWorkroom {
        community {
          id
          name
        }
        workroom {
          officeHours
          phone
          officers
        }
      }
    }
  `,
);

export const PushPublicKeyQuery = operation<{ pushPublicKey: string | null }, Record<string, never>>(
  'PushPublicKey',
  /* GraphQL */ `
    query PushPublicKey {
      pushPublicKey
    }
  `,
);

export const SubscribePushMutation = operation<{ subscribePush: PushPayload }, { input: PushSubscriptionInput }>(
  'SubscribePush',
  /* GraphQL */ `
    mutation SubscribePush($input: PushSubscriptionInput!) {
      subscribePush(input: $input) {
        ok
        userErrors {
          ...UserErrorFields
        }
      }
    }
    ${USER_ERROR_FIELDS}
  `,
);

export const UnsubscribePushMutation = operation<{ unsubscribePush: PushPayload }, { input: { endpoint: string } }>(
  'UnsubscribePush',
  /* GraphQL */ `
    mutation UnsubscribePush($input: UnsubscribePushInput!) {
      unsubscribePush(input: $input) {
        ok
        userErrors {
          ...UserErrorFields
        }
      }
    }
    ${USER_ERROR_FIELDS}
  `,
);

// ---- Subscriptions (graphql-transport-ws at /graphql, see src/live.ts) ----

export const MyItemChangedSubscription = operation<{ myItemChanged: ItemChange }, Record<string, never>>(
  'MyItemChanged',
  /* GraphQL */ `
    subscription MyItemChanged {
      myItemChanged {
        id
        status
      }
    }
  `,
);

export const InboxItemChangedSubscription = operation<{ inboxItemChanged: ItemChange }, Record<string, never>>(
  'InboxItemChanged',
  /* GraphQL */ `
    subscription InboxItemChanged {
      inboxItemChanged {
        id
        status
      }
    }
  `,
);

/** A patrol's check-in at a community, from the outbox (勤务, issue #7). */
export const CheckInPatrolMutation = operation<
  { checkInPatrol: { patrol: { id: string } | null; userErrors: UserError[] } },
  { input: CheckInPatrolInput }
>(
  'CheckInPatrol',
  /* GraphQL */ `
    mutation CheckInPatrol($input: CheckInPatrolInput!) {
      checkInPatrol(input: $input) {
        patrol {
          id
        }
        userErrors {
          ...UserErrorFields
        }
      }
    }
    ${USER_ERROR_FIELDS}
  `,
);

/** A patrol's finding, from the outbox (photos at `variables.input.photos.N`): a PATROL item, or joined. */
export const RecordPatrolFindingMutation = operation<
  { recordPatrolFinding: { finding: { id: string; joined: boolean; item: { id: string; source: string | null; status: string | null } } | null; userErrors: UserError[] } },
  { input: PatrolFindingInput }
>(
  'RecordPatrolFinding',
  /* GraphQL */ `
    mutation RecordPatrolFinding($input: PatrolFindingInput!) {
      recordPatrolFinding(input: $input) {
        finding {
          id
          joined
          item {
            id
            source
            status
          }
        }
        userErrors {
          ...UserErrorFields
        }
      }
    }
    ${USER_ERROR_FIELDS}
  `,
);

/** Every operation the PWA sends; the schema test validates each one. */
export const ALL_OPERATIONS: readonly Operation<unknown, unknown>[] = [
  LoginMutation,
  RefreshSessionMutation,
  LogoutMutation,
  MeQuery,
  MyHomeQuery,
  MattersQuery,
  MyCommunitiesQuery,
  MyItemsQuery,
  InboxQuery,
  ItemQuery,
  SimilarOpenItemsQuery,
  FileComplaintMutation,
  FilePropertyReportMutation,
  FileSuggestionMutation,
  JoinItemMutation,
  AcceptItemsMutation,
  StartVerificationMutation,
  ResolveItemMutation,
  ReplyItemMutation,
  RateItemMutation,
  AnswerSuggestionMutation,
  ExtendDeadlineMutation,
  AddCaseEvidenceMutation,
  LogRenovationPatrolMutation,
  ReportRenovationFindingMutation,
  CheckInPatrolMutation,
  RecordPatrolFindingMutation,
  RenovationNoticesQuery,
  MyWorkroomQuery,
  PushPublicKeyQuery,
  SubscribePushMutation,
  UnsubscribePushMutation,
  MyItemChangedSubscription,
  InboxItemChangedSubscription,
];
