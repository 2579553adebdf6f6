// The enforcement-case operations (SPEC §6–§7). Loaded with the case screens (a chunk of its own);
// AddCaseEvidence lives in operations.ts because the outbox (page and service worker) sends it.
import { USER_ERROR_FIELDS, operation, type Operation } from './operations';
import type { Connection, ItemStatus, UserError } from './types';
import type {
  Approval,
  ApprovalPayload,
  ApprovalStatus,
  Case,
  CaseFilter,
  CasePayload,
  CaseSummary,
  DecisionInput,
  DutyCheck,
  DutyCheckPayload,
  DutyCheckStatus,
  HandlingUnit,
  ItemCaseInfo,
  OpenCaseInput,
  PartyInput,
  RequestApprovalInput,
} from './case-types';

const PAGE_INFO = /* GraphQL */ `
  pageInfo {
    hasNextPage
    endCursor
  }
  totalCount
`;

const APPROVAL_FIELDS = /* GraphQL */ `
  fragment ApprovalFields on Approval {
    id
    kind
    status
    reason
    evidence
    days
    requestedBy
    requestedAt
    decidedBy
    decidedAt
    decisionNote
    itemId
    caseId
    caseNumber
    matterCode
    communityName
  }
`;

const DUTY_CHECK_FIELDS = /* GraphQL */ `
  fragment DutyCheckFields on DutyCheck {
    id
    status
    firmName
    communityName
    unitLabel
    matterCode
    evidence
    note
    ownerCaseId
    firmCaseId
    createdAt
    concludedAt
  }
`;

const CASE_SUMMARY_FIELDS = /* GraphQL */ `
  fragment CaseSummaryFields on Case {
    id
    number
    stage
    procedure
    matter {
      code
      name
    }
    community {
      id
      name
    }
    unitLabel
    officer
    parties {
      id
      kind
      name
      idNumber
    }
    clocks {
      kind
      dueAt
      state
    }
    nextDeadline
    overdue
    nearDue
    priority
  }
`;

const DECISION_FIELDS = /* GraphQL */ `
  fragment DecisionFields on Decision {
    kind
    fineCny
    rectifyBy
    demolish
    seriousReason
    text
    major
  }
`;

const CASE_FIELDS = /* GraphQL */ `
  fragment CaseFields on Case {
    id
    number
    stage
    procedure
    origin
    matter {
      code
      name
      legalBasis
      fineMinCny
      fineMaxCny
      fineSeriousMaxCny
      mandatoryCase
      focus
    }
    community {
      id
      name
    }
    unitLabel
    handlingUnit {
      id
      name
    }
    officer
    facts
    parties {
      id
      kind
      name
      idNumber
      phone
      address
      organisation
    }
    items {
      id
      kind
      source
      status
      createdAt
      description
    }
    evidence {
      id
      kind
      title
      body
      thumbnailUrl
      url
      capturedAt
      latitude
      longitude
      addedBy
      createdAt
    }
    proposed {
      ...DecisionFields
    }
    decision {
      ...DecisionFields
    }
    legalReview
    hearingAt
    servedInPerson
    filedAt
    notifiedAt
    decidedAt
    servedAt
    executedAt
    closedAt
    recheckDueAt
    clocks {
      kind
      dueAt
      state
    }
    nextDeadline
    overdue
    nearDue
    priority
    restorationReportAttached
    version
    availableActions
    chronology {
      at
      action
      fromStage
      toStage
      note
      actorName
      actorRole
    }
    approvals {
      ...ApprovalFields
    }
    dutyChecks {
      ...DutyCheckFields
    }
  }
  ${DECISION_FIELDS}
  ${APPROVAL_FIELDS}
  ${DUTY_CHECK_FIELDS}
`;

const CASE_PAYLOAD = /* GraphQL */ `
  case {
    ...CaseFields
  }
  userErrors {
    ...UserErrorFields
  }
`;

export const CasesQuery = operation<
  { cases: Connection<CaseSummary> },
  { filter: CaseFilter | null; first: number; after?: string | null }
>(
  'Cases',
  /* GraphQL */ `
    query Cases($filter: CaseFilter, $first: Int, $after: String) {
      cases(filter: $filter, first: $first, after: $after) {
        edges {
          node {
            ...CaseSummaryFields
          }
        }
        ${PAGE_INFO}
      }
    }
    ${CASE_SUMMARY_FIELDS}
  `,
);

export const CaseQuery = operation<{ case: Case }, { id: string }>(
  'Case',
  /* GraphQL */ `
    query Case($id: ID!) {
      case(id: $id) {
        ...CaseFields
      }
    }
    ${CASE_FIELDS}
  `,
);

export const ApprovalsQuery = operation<
  { approvals: Connection<Approval> },
  { status: ApprovalStatus | null; first: number; after?: string | null }
>(
  'Approvals',
  /* GraphQL */ `
    query Approvals($status: ApprovalStatus, $first: Int, $after: String) {
      approvals(status: $status, first: $first, after: $after) {
        edges {
          node {
            ...ApprovalFields
          }
        }
        ${PAGE_INFO}
      }
    }
    ${APPROVAL_FIELDS}
  `,
);

export const DutyChecksQuery = operation<
  { dutyChecks: Connection<DutyCheck> },
  { status: DutyCheckStatus | null; first: number; after?: string | null }
>(
  'DutyChecks',
  /* GraphQL */ `
    query DutyChecks($status: DutyCheckStatus, $first: Int, $after: String) {
      dutyChecks(status: $status, first: $first, after: $after) {
        edges {
          node {
            ...DutyCheckFields
          }
        }
        ${PAGE_INFO}
      }
    }
    ${DUTY_CHECK_FIELDS}
  `,
);

export const HandlingUnitsQuery = operation<{ handlingUnits: HandlingUnit[] }, Record<string, never>>(
  'HandlingUnits',
  /* GraphQL */ `
    query HandlingUnits {
      handlingUnits {
        id
        name
      }
    }
  `,
);

/** The officers-only case fields of an item (its own query: other roles' Item query is unchanged). */
export const ItemCaseInfoQuery = operation<{ item: ItemCaseInfo }, { id: string }>(
  'ItemCaseInfo',
  /* GraphQL */ `
    query ItemCaseInfo($id: ID!) {
      item(id: $id) {
        id
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
        caseId
        needsCase
        repeatCount
        historicalStock
        exemption {
          ...ApprovalFields
        }
      }
    }
    ${APPROVAL_FIELDS}
  `,
);

function caseMutation<TName extends string, TInput>(name: string, field: TName, inputType: string) {
  return operation<Record<TName, CasePayload>, { input: TInput }>(
    name,
    /* GraphQL */ `
      mutation ${name}($input: ${inputType}!) {
        ${field}(input: $input) {
          ${CASE_PAYLOAD}
        }
      }
      ${CASE_FIELDS}
      ${USER_ERROR_FIELDS}
    `,
  );
}

type Step = { caseId: string; version: number | null; note?: string | null };

export const OpenCaseMutation = caseMutation<'openCase', OpenCaseInput>('OpenCase', 'openCase', 'OpenCaseInput');
export const AddCasePartyMutation = caseMutation<'addCaseParty', { caseId: string; version: number | null; party: PartyInput }>(
  'AddCaseParty',
  'addCaseParty',
  'AddCasePartyInput',
);
export const InvestigateCaseMutation = caseMutation<'investigateCase', Step>('InvestigateCase', 'investigateCase', 'CaseStepInput');
export const NotifyCaseMutation = caseMutation<'notifyCase', Step & { proposed: DecisionInput }>(
  'NotifyCase',
  'notifyCase',
  'NotifyCaseInput',
);
export const RequestHearingMutation = caseMutation<'requestHearing', Step & { hearingAt: string }>(
  'RequestHearing',
  'requestHearing',
  'RequestHearingInput',
);
export const DecideCaseMutation = caseMutation<'decideCase', Step & { decision: DecisionInput; waived?: boolean }>(
  'DecideCase',
  'decideCase',
  'DecideCaseInput',
);
export const ServeCaseMutation = caseMutation<'serveCase', Step & { inPerson: boolean }>('ServeCase', 'serveCase', 'ServeCaseInput');
export const ExecuteCaseMutation = caseMutation<'executeCase', Step>('ExecuteCase', 'executeCase', 'CaseStepInput');
export const CloseCaseMutation = caseMutation<'closeCase', { caseId: string; version: number | null; outcome: string }>(
  'CloseCase',
  'closeCase',
  'CloseCaseInput',
);
export const HandOverCaseMutation = caseMutation<
  'handOverCase',
  { caseId: string; version: number | null; toUnitId: string; reason: string }
>('HandOverCase', 'handOverCase', 'HandOverCaseInput');
export const RecordRecheckMutation = caseMutation<
  'recordRecheck',
  { caseId: string; version: number | null; relapse: boolean; note: string }
>('RecordRecheck', 'recordRecheck', 'RecordRecheckInput');

export const RequestApprovalMutation = operation<{ requestApproval: ApprovalPayload }, { input: RequestApprovalInput }>(
  'RequestApproval',
  /* GraphQL */ `
    mutation RequestApproval($input: RequestApprovalInput!) {
      requestApproval(input: $input) {
        approval {
          ...ApprovalFields
        }
        userErrors {
          ...UserErrorFields
        }
      }
    }
    ${APPROVAL_FIELDS}
    ${USER_ERROR_FIELDS}
  `,
);

export const DecideApprovalMutation = operation<
  { decideApproval: ApprovalPayload },
  { input: { approvalId: string; approve: boolean; note: string } }
>(
  'DecideApproval',
  /* GraphQL */ `
    mutation DecideApproval($input: DecideApprovalInput!) {
      decideApproval(input: $input) {
        approval {
          ...ApprovalFields
        }
        userErrors {
          ...UserErrorFields
        }
      }
    }
    ${APPROVAL_FIELDS}
    ${USER_ERROR_FIELDS}
  `,
);

export const MarkHistoricalStockMutation = operation<
  { markHistoricalStock: { item: { id: string; status: ItemStatus | null } | null; userErrors: UserError[] } },
  { input: { itemId: string; reason: string } }
>(
  'MarkHistoricalStock',
  /* GraphQL */ `
    mutation MarkHistoricalStock($input: MarkHistoricalStockInput!) {
      markHistoricalStock(input: $input) {
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

export const ConcludeDutyCheckMutation = operation<
  { concludeDutyCheck: DutyCheckPayload },
  { input: { dutyCheckId: string; result: DutyCheckStatus; note: string } }
>(
  'ConcludeDutyCheck',
  /* GraphQL */ `
    mutation ConcludeDutyCheck($input: ConcludeDutyCheckInput!) {
      concludeDutyCheck(input: $input) {
        dutyCheck {
          ...DutyCheckFields
        }
        firmCase {
          id
          number
        }
        userErrors {
          ...UserErrorFields
        }
      }
    }
    ${DUTY_CHECK_FIELDS}
    ${USER_ERROR_FIELDS}
  `,
);

/** Every case operation; the schema test validates each one. */
export const CASE_OPERATIONS: readonly Operation<unknown, unknown>[] = [
  CasesQuery,
  CaseQuery,
  ApprovalsQuery,
  DutyChecksQuery,
  HandlingUnitsQuery,
  ItemCaseInfoQuery,
  OpenCaseMutation,
  AddCasePartyMutation,
  InvestigateCaseMutation,
  NotifyCaseMutation,
  RequestHearingMutation,
  DecideCaseMutation,
  ServeCaseMutation,
  ExecuteCaseMutation,
  CloseCaseMutation,
  HandOverCaseMutation,
  RecordRecheckMutation,
  RequestApprovalMutation,
  DecideApprovalMutation,
  MarkHistoricalStockMutation,
  ConcludeDutyCheckMutation,
];
