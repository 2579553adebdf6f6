// 管执联动 (issue #8): referrals (转办 / 部门移送), joint actions (联合执法) and the affordable-housing
// series. Loaded with the partner screens (a chunk of their own) and with the item page's referral
// panel for officers; nothing here is in the first load.
import { USER_ERROR_FIELDS, operation, type Operation } from './operations';
import type { Connection } from './types';
import type {
  AffordableSeries,
  Department,
  JointAction,
  JointActionInput,
  JointActionPayload,
  JointFocus,
  JointRecheckInput,
  JointUnitInput,
  NaiveDate,
  ReferItemInput,
  Referral,
  ReferralConnection,
  ReferralDirection,
  ReferralPayload,
  ReferralState,
  ReferralSummary,
  ReferToBureauInput,
  ResendReferralInput,
} from './partner-types';

const DEPARTMENT_FIELDS = /* GraphQL */ `
  fragment DepartmentFields on Department {
    id
    name
    kind
    address
    inApp
  }
`;

const REFERRAL_SUMMARY_FIELDS = /* GraphQL */ `
  fragment ReferralSummaryFields on Referral {
    id
    reference
    externalReference
    direction
    state
    department {
      ...DepartmentFields
    }
    reason
    item {
      id
      matterCode
      matterName
      communityName
      unitLabel
      description
      seenAt
      receivedAt
      status
    }
    sentAt
    sends
    transferDueAt
    sentOnTime
    answerDueAt
    overdue
    answer
    answeredAt
    returnReason
    returnedAt
  }
  ${DEPARTMENT_FIELDS}
`;

const REFERRAL_FIELDS = /* GraphQL */ `
  fragment ReferralFields on Referral {
    ...ReferralSummaryFields
    canReceive
    canAnswer
    canReturn
    canResend
    events {
      at
      action
      actorName
      fromState
      toState
      note
      onBehalf
    }
  }
  ${REFERRAL_SUMMARY_FIELDS}
`;

const REFERRAL_PAYLOAD_FIELDS = /* GraphQL */ `
  fragment ReferralPayloadFields on ReferralPayload {
    referral {
      ...ReferralFields
    }
    userErrors {
      ...UserErrorFields
    }
  }
  ${REFERRAL_FIELDS}
  ${USER_ERROR_FIELDS}
`;

const JOINT_ACTION_FIELDS = /* GraphQL */ `
  fragment JointActionFields on JointAction {
    id
    title
    focus
    community {
      id
      name
      affordableHousing
    }
    actionOn
    departments {
      id
      name
      kind
    }
    note
    createdByName
    canEdit
    units {
      id
      unitLabel
      finding
      outcome
      caseNumber
      caseId
      recheckDueOn
      recheckedOn
      recheckFinding
      relapse
    }
  }
`;

const JOINT_PAYLOAD_FIELDS = /* GraphQL */ `
  fragment JointActionPayloadFields on JointActionPayload {
    action {
      ...JointActionFields
    }
    userErrors {
      ...UserErrorFields
    }
  }
  ${JOINT_ACTION_FIELDS}
  ${USER_ERROR_FIELDS}
`;

export const DepartmentsQuery = operation<{ departments: Department[] }, Record<string, never>>(
  'Departments',
  /* GraphQL */ `
    query Departments {
      departments {
        ...DepartmentFields
      }
    }
    ${DEPARTMENT_FIELDS}
  `,
);

export const ReferralsQuery = operation<
  { referrals: ReferralConnection<ReferralSummary> },
  { direction: ReferralDirection | null; state: ReferralState | null; first: number; after: string | null }
>(
  'Referrals',
  /* GraphQL */ `
    query Referrals($direction: ReferralDirection, $state: ReferralState, $first: Int, $after: String) {
      referrals(direction: $direction, state: $state, first: $first, after: $after) {
        nodes {
          ...ReferralSummaryFields
        }
        totalCount
        hasMore
      }
    }
    ${REFERRAL_SUMMARY_FIELDS}
  `,
);

export const ReferralQuery = operation<{ referral: Referral | null }, { id: string }>(
  'Referral',
  /* GraphQL */ `
    query Referral($id: ID!) {
      referral(id: $id) {
        ...ReferralFields
      }
    }
    ${REFERRAL_FIELDS}
  `,
);

export const ItemReferralsQuery = operation<{ itemReferrals: ReferralSummary[] }, { itemId: string }>(
  'ItemReferrals',
  /* GraphQL */ `
    query ItemReferrals($itemId: ID!) {
      itemReferrals(itemId: $itemId) {
        ...ReferralSummaryFields
      }
    }
    ${REFERRAL_SUMMARY_FIELDS}
  `,
);

export const ReferItemMutation = operation<{ referItem: ReferralPayload }, { input: ReferItemInput }>(
  'ReferItem',
  /* GraphQL */ `
    mutation ReferItem($input: ReferItemInput!) {
      referItem(input: $input) {
        ...ReferralPayloadFields
      }
    }
    ${REFERRAL_PAYLOAD_FIELDS}
  `,
);

export const ReferToBureauMutation = operation<{ referToBureau: ReferralPayload }, { input: ReferToBureauInput }>(
  'ReferToBureau',
  /* GraphQL */ `
    mutation ReferToBureau($input: ReferToBureauInput!) {
      referToBureau(input: $input) {
        ...ReferralPayloadFields
      }
    }
    ${REFERRAL_PAYLOAD_FIELDS}
  `,
);

export const ReceiveReferralMutation = operation<{ receiveReferral: ReferralPayload }, { id: string }>(
  'ReceiveReferral',
  /* GraphQL */ `
    mutation ReceiveReferral($id: ID!) {
      receiveReferral(id: $id) {
        ...ReferralPayloadFields
      }
    }
    ${REFERRAL_PAYLOAD_FIELDS}
  `,
);

export const AnswerReferralMutation = operation<{ answerReferral: ReferralPayload }, { id: string; answer: string }>(
  'AnswerReferral',
  /* GraphQL */ `
    mutation AnswerReferral($id: ID!, $answer: String!) {
      answerReferral(id: $id, answer: $answer) {
        ...ReferralPayloadFields
      }
    }
    ${REFERRAL_PAYLOAD_FIELDS}
  `,
);

export const ReturnReferralMutation = operation<{ returnReferral: ReferralPayload }, { id: string; reason: string }>(
  'ReturnReferral',
  /* GraphQL */ `
    mutation ReturnReferral($id: ID!, $reason: String!) {
      returnReferral(id: $id, reason: $reason) {
        ...ReferralPayloadFields
      }
    }
    ${REFERRAL_PAYLOAD_FIELDS}
  `,
);

export const ResendReferralMutation = operation<{ resendReferral: ReferralPayload }, { input: ResendReferralInput }>(
  'ResendReferral',
  /* GraphQL */ `
    mutation ResendReferral($input: ResendReferralInput!) {
      resendReferral(input: $input) {
        ...ReferralPayloadFields
      }
    }
    ${REFERRAL_PAYLOAD_FIELDS}
  `,
);

export const JointActionsQuery = operation<{ jointActions: JointAction[] }, { focus: JointFocus | null; first: number }>(
  'JointActions',
  /* GraphQL */ `
    query JointActions($focus: JointFocus, $first: Int) {
      jointActions(focus: $focus, first: $first) {
        ...JointActionFields
      }
    }
    ${JOINT_ACTION_FIELDS}
  `,
);

/** The action with its community's buildings and units (the "add unit" picker). */
export const JointActionQuery = operation<{ jointAction: JointAction | null }, { id: string }>(
  'JointAction',
  /* GraphQL */ `
    query JointAction($id: ID!) {
      jointAction(id: $id) {
        ...JointActionFields
        community {
          id
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
    }
    ${JOINT_ACTION_FIELDS}
  `,
);

export const CreateJointActionMutation = operation<{ createJointAction: JointActionPayload }, { input: JointActionInput }>(
  'CreateJointAction',
  /* GraphQL */ `
    mutation CreateJointAction($input: JointActionInput!) {
      createJointAction(input: $input) {
        ...JointActionPayloadFields
      }
    }
    ${JOINT_PAYLOAD_FIELDS}
  `,
);

export const AddJointActionUnitMutation = operation<{ addJointActionUnit: JointActionPayload }, { input: JointUnitInput }>(
  'AddJointActionUnit',
  /* GraphQL */ `
    mutation AddJointActionUnit($input: JointUnitInput!) {
      addJointActionUnit(input: $input) {
        ...JointActionPayloadFields
      }
    }
    ${JOINT_PAYLOAD_FIELDS}
  `,
);

export const RecordJointRecheckMutation = operation<{ recordJointRecheck: JointActionPayload }, { input: JointRecheckInput }>(
  'RecordJointRecheck',
  /* GraphQL */ `
    mutation RecordJointRecheck($input: JointRecheckInput!) {
      recordJointRecheck(input: $input) {
        ...JointActionPayloadFields
      }
    }
    ${JOINT_PAYLOAD_FIELDS}
  `,
);

export const AffordableHousingSeriesQuery = operation<{ affordableHousingSeries: AffordableSeries }, { from: NaiveDate; to: NaiveDate }>(
  'AffordableHousingSeries',
  /* GraphQL */ `
    query AffordableHousingSeries($from: NaiveDate!, $to: NaiveDate!) {
      affordableHousingSeries(from: $from, to: $to) {
        from
        to
        rows {
          communityId
          communityName
          items
          openItems
          cases
          openCases
          jointActions
          rechecksDue
        }
        totalItems
        totalCases
      }
    }
  `,
);

/** The communities of the caller's scope by name (the pickers; buildings come with the chosen one). */
export const PartnerCommunitiesQuery = operation<
  { myCommunities: Connection<{ id: string; name: string; affordableHousing: boolean }> },
  { first: number; after: string | null }
>(
  'PartnerCommunities',
  /* GraphQL */ `
    query PartnerCommunities($first: Int, $after: String) {
      myCommunities(first: $first, after: $after) {
        edges {
          node {
            id
            name
            affordableHousing
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

export const CommunityUnitsQuery = operation<
  { community: { id: string; name: string; buildings: { id: string; name: string; units: { id: string; number: string }[] }[] } },
  { id: string }
>(
  'CommunityUnits',
  /* GraphQL */ `
    query CommunityUnits($id: ID!) {
      community(id: $id) {
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
  `,
);

export const PARTNER_OPERATIONS: readonly Operation<unknown, unknown>[] = [
  DepartmentsQuery,
  ReferralsQuery,
  ReferralQuery,
  ItemReferralsQuery,
  ReferItemMutation,
  ReferToBureauMutation,
  ReceiveReferralMutation,
  AnswerReferralMutation,
  ReturnReferralMutation,
  ResendReferralMutation,
  JointActionsQuery,
  JointActionQuery,
  CreateJointActionMutation,
  AddJointActionUnitMutation,
  RecordJointRecheckMutation,
  AffordableHousingSeriesQuery,
  PartnerCommunitiesQuery,
  CommunityUnitsQuery,
];
