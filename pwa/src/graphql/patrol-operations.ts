// Duty and patrols (勤务, issue #7). Loaded with the patrol screens (a chunk of their own); the two
// the outbox sends (check-ins, findings) live in operations.ts.
import { USER_ERROR_FIELDS, operation, type Operation } from './operations';
import type { UserError } from './types';
import type {
  CoverageRow,
  CreatePatrolPlanInput,
  NaiveDate,
  OfficerRef,
  Patrol,
  PatrolDay,
  PatrolPlan,
  RosterSuggestion,
  StartPatrolInput,
} from './patrol-types';

const PATROL_FIELDS = /* GraphQL */ `
  fragment PatrolFields on Patrol {
    id
    startedAt
    endedAt
    officers {
      id
      name
    }
    checkins {
      id
      community {
        id
        name
      }
      at
      latitude
      longitude
    }
    findings {
      id
      joined
      item {
        id
        source
        status
      }
    }
  }
`;

const VISIT_FIELDS = /* GraphQL */ `
  fragment VisitFields on PlannedVisit {
    id
    community {
      id
      name
    }
    onDay
    officers {
      id
      name
    }
  }
`;

export const PatrolTodayQuery = operation<{ patrolToday: PatrolDay }, Record<string, never>>(
  'PatrolToday',
  /* GraphQL */ `
    query PatrolToday {
      patrolToday {
        visits {
          ...VisitFields
        }
        rechecks {
          caseId
          number
          community {
            id
            name
          }
          dueAt
          overdue
        }
        openPatrols {
          ...PatrolFields
        }
        dueItems {
          id
          description
          community {
            name
          }
          matter {
            code
            name
          }
          nextDeadline
          overdue
        }
      }
    }
    ${VISIT_FIELDS}
    ${PATROL_FIELDS}
  `,
);

export const PatrolQuery = operation<{ patrol: Patrol }, { id: string }>(
  'Patrol',
  /* GraphQL */ `
    query Patrol($id: ID!) {
      patrol(id: $id) {
        ...PatrolFields
      }
    }
    ${PATROL_FIELDS}
  `,
);

export const SquadOfficersQuery = operation<{ squadOfficers: OfficerRef[] }, { communityId: string }>(
  'SquadOfficers',
  /* GraphQL */ `
    query SquadOfficers($communityId: ID!) {
      squadOfficers(communityId: $communityId) {
        id
        name
      }
    }
  `,
);

type PatrolPayload = { patrol: Patrol | null; userErrors: UserError[] };

export const StartPatrolMutation = operation<{ startPatrol: PatrolPayload }, { input: StartPatrolInput }>(
  'StartPatrol',
  /* GraphQL */ `
    mutation StartPatrol($input: StartPatrolInput!) {
      startPatrol(input: $input) {
        patrol {
          ...PatrolFields
        }
        userErrors {
          ...UserErrorFields
        }
      }
    }
    ${PATROL_FIELDS}
    ${USER_ERROR_FIELDS}
  `,
);

export const EndPatrolMutation = operation<{ endPatrol: PatrolPayload }, { patrolId: string }>(
  'EndPatrol',
  /* GraphQL */ `
    mutation EndPatrol($patrolId: ID!) {
      endPatrol(patrolId: $patrolId) {
        patrol {
          ...PatrolFields
        }
        userErrors {
          ...UserErrorFields
        }
      }
    }
    ${PATROL_FIELDS}
    ${USER_ERROR_FIELDS}
  `,
);

export const SuggestedRosterQuery = operation<{ suggestedRoster: RosterSuggestion[] }, { from: NaiveDate; to: NaiveDate; first: number }>(
  'SuggestedRoster',
  /* GraphQL */ `
    query SuggestedRoster($from: NaiveDate!, $to: NaiveDate!, $first: Int!) {
      suggestedRoster(from: $from, to: $to, first: $first) {
        community {
          id
          name
        }
        score
        reasons {
          factor
          value
          points
          text
        }
        daysSincePatrol
      }
    }
  `,
);

export const PatrolPlansQuery = operation<{ patrolPlans: PatrolPlan[] }, Record<string, never>>(
  'PatrolPlans',
  /* GraphQL */ `
    query PatrolPlans {
      patrolPlans {
        id
        title
        startsOn
        endsOn
        squad
        visits {
          ...VisitFields
        }
      }
    }
    ${VISIT_FIELDS}
  `,
);

export const CreatePatrolPlanMutation = operation<
  { createPatrolPlan: { plan: { id: string } | null; userErrors: UserError[] } },
  { input: CreatePatrolPlanInput }
>(
  'CreatePatrolPlan',
  /* GraphQL */ `
    mutation CreatePatrolPlan($input: CreatePatrolPlanInput!) {
      createPatrolPlan(input: $input) {
        plan {
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

export const PatrolCoverageQuery = operation<{ patrolCoverage: CoverageRow[] }, { from: NaiveDate; to: NaiveDate }>(
  'PatrolCoverage',
  /* GraphQL */ `
    query PatrolCoverage($from: NaiveDate!, $to: NaiveDate!) {
      patrolCoverage(from: $from, to: $to) {
        community {
          id
          name
        }
        planned
        done
        lastVisit
        daysSinceVisit
        findings
        byPatrol
        byComplaint
      }
    }
  `,
);

export const PATROL_OPERATIONS: readonly Operation<unknown, unknown>[] = [
  PatrolTodayQuery,
  PatrolQuery,
  SquadOfficersQuery,
  StartPatrolMutation,
  EndPatrolMutation,
  SuggestedRosterQuery,
  PatrolPlansQuery,
  CreatePatrolPlanMutation,
  PatrolCoverageQuery,
];
