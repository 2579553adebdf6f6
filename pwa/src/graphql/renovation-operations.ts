// The renovation pilot's operations (SPEC §8). Loaded with the renovation screens (a chunk of their
// own); the two the outbox sends (patrols, reports) and the home screen's notices live in operations.ts.
import { USER_ERROR_FIELDS, operation, type Operation } from './operations';
import type { Connection } from './types';
import type {
  CompleteRenovationInput,
  FirmStanding,
  NaiveDate,
  RecordRenovationAgreementInput,
  RegisterRenovationInput,
  Renovation,
  RenovationFilter,
  RenovationPayload,
  RenovationSummary,
  StartRenovationInput,
  SubDistrictOption,
} from './renovation-types';

const SUMMARY_FIELDS = /* GraphQL */ `
  fragment RenovationSummaryFields on Renovation {
    id
    community {
      id
      name
    }
    unitLabel
    ownerName
    contractorName
    plannedStart
    plannedEnd
    loadBearing
    waterproofing
    sharedFacilities
    highRisk
    status
    nextPatrolDue
    dutyGaps
    firmName
  }
`;

const RENOVATION_FIELDS = /* GraphQL */ `
  fragment RenovationFields on Renovation {
    ...RenovationSummaryFields
    ownerPhone
    contractorPhone
    scopeOfWork
    agreementSignedOn
    agreementPhotoUrl
    startedOn
    completedOn
    completionNote
    patrolEveryWorkingDays
    patrols {
      id
      patrolledAt
      findings
      violation
      photoUrl
      thumbnailUrl
      by
    }
    reports {
      id
      status
      createdAt
      late
      matterCode
    }
    createdAt
    version
  }
  ${SUMMARY_FIELDS}
`;

export const RenovationsQuery = operation<
  { renovations: Connection<RenovationSummary> },
  { filter: RenovationFilter | null; first: number; after?: string | null }
>(
  'Renovations',
  /* GraphQL */ `
    query Renovations($filter: RenovationFilter, $first: Int, $after: String) {
      renovations(filter: $filter, first: $first, after: $after) {
        edges {
          node {
            ...RenovationSummaryFields
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
        totalCount
      }
    }
    ${SUMMARY_FIELDS}
  `,
);

export const RenovationQuery = operation<{ renovation: Renovation }, { id: string }>(
  'Renovation',
  /* GraphQL */ `
    query Renovation($id: ID!) {
      renovation(id: $id) {
        ...RenovationFields
      }
    }
    ${RENOVATION_FIELDS}
  `,
);

function renovationMutation<TName extends string, TInput>(name: string, field: TName, inputType: string) {
  return operation<Record<TName, RenovationPayload>, { input: TInput }>(
    name,
    /* GraphQL */ `
      mutation ${name}($input: ${inputType}!) {
        ${field}(input: $input) {
          renovation {
            ...RenovationFields
          }
          userErrors {
            ...UserErrorFields
          }
        }
      }
      ${RENOVATION_FIELDS}
      ${USER_ERROR_FIELDS}
    `,
  );
}

export const RegisterRenovationMutation = renovationMutation<'registerRenovation', RegisterRenovationInput>(
  'RegisterRenovation',
  'registerRenovation',
  'RegisterRenovationInput',
);
export const RecordRenovationAgreementMutation = renovationMutation<'recordRenovationAgreement', RecordRenovationAgreementInput>(
  'RecordRenovationAgreement',
  'recordRenovationAgreement',
  'RecordRenovationAgreementInput',
);
export const StartRenovationMutation = renovationMutation<'startRenovation', StartRenovationInput>(
  'StartRenovation',
  'startRenovation',
  'StartRenovationInput',
);
export const CompleteRenovationMutation = renovationMutation<'completeRenovation', CompleteRenovationInput>(
  'CompleteRenovation',
  'completeRenovation',
  'CompleteRenovationInput',
);

export const SubDistrictsQuery = operation<{ subDistricts: SubDistrictOption[] }, Record<string, never>>(
  'SubDistricts',
  /* GraphQL */ `
    query SubDistricts {
      subDistricts {
        id
        name
        squad {
          id
          name
        }
      }
    }
  `,
);

/** 物业履责排名: the league table of a sub-district's property firms for a period (inclusive). */
export const FirmLeagueTableQuery = operation<
  { firmLeagueTable: FirmStanding[] },
  { subDistrictId: string; from: NaiveDate; to: NaiveDate }
>(
  'FirmLeagueTable',
  /* GraphQL */ `
    query FirmLeagueTable($subDistrictId: ID!, $from: NaiveDate!, $to: NaiveDate!) {
      firmLeagueTable(subDistrictId: $subDistrictId, from: $from, to: $to) {
        rank
        firmId
        firmName
        communities
        unitsManaged
        registrations
        registeredBeforeStart
        unregisteredFound
        registeredShare
        patrolsDue
        patrolsOnTime
        patrolOnTimeShare
        foundByFirm
        firstByComplaint
        reportsLate
        dutyChecksFailed
        casesAgainstFirm
        problems
        problemsPer1000Units
      }
    }
  `,
);

/** Every renovation-screen operation; the schema test validates each one. */
export const RENOVATION_OPERATIONS: readonly Operation<unknown, unknown>[] = [
  RenovationsQuery,
  RenovationQuery,
  RegisterRenovationMutation,
  RecordRenovationAgreementMutation,
  StartRenovationMutation,
  CompleteRenovationMutation,
  SubDistrictsQuery,
  FirmLeagueTableQuery,
];
