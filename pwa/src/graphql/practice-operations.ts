// 五治实践案例 (SPEC §9): the practice library's operations, loaded with its chunk.
import { USER_ERROR_FIELDS, operation, type Operation } from './operations';
import type { Connection } from './types';
import type { GovernanceTag, PracticeCase, PracticePayload, PracticeStatus, PracticeSummary, SavePracticeInput } from './figure-types';

const SUMMARY_FIELDS = /* GraphQL */ `
  fragment PracticeSummaryFields on PracticeCase {
    id
    title
    summary
    tags
    status
    author
    communities {
      id
      name
    }
    publishedAt
    updatedAt
  }
`;

const PRACTICE_FIELDS = /* GraphQL */ `
  fragment PracticeFields on PracticeCase {
    ...PracticeSummaryFields
    body
    caseNumbers
    reviewNote
    version
    canEdit
    canReview
  }
  ${SUMMARY_FIELDS}
`;

export const PracticeCasesQuery = operation<
  { practiceCases: Connection<PracticeSummary> },
  { search: string | null; tag: GovernanceTag | null; status: PracticeStatus | null; mine: boolean; first: number; after: string | null }
>(
  'PracticeCases',
  /* GraphQL */ `
    query PracticeCases($search: String, $tag: GovernanceTag, $status: PracticeStatus, $mine: Boolean!, $first: Int, $after: String) {
      practiceCases(search: $search, tag: $tag, status: $status, mine: $mine, first: $first, after: $after) {
        edges {
          node {
            ...PracticeSummaryFields
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

export const PracticeCaseQuery = operation<{ practiceCase: PracticeCase }, { id: string }>(
  'PracticeCase',
  /* GraphQL */ `
    query PracticeCase($id: ID!) {
      practiceCase(id: $id) {
        ...PracticeFields
      }
    }
    ${PRACTICE_FIELDS}
  `,
);

export const SavePracticeMutation = operation<{ savePracticeCase: PracticePayload }, { input: SavePracticeInput }>(
  'SavePracticeCase',
  /* GraphQL */ `
    mutation SavePracticeCase($input: SavePracticeInput!) {
      savePracticeCase(input: $input) {
        practice {
          ...PracticeFields
        }
        userErrors {
          ...UserErrorFields
        }
      }
    }
    ${PRACTICE_FIELDS}
    ${USER_ERROR_FIELDS}
  `,
);

export const SubmitPracticeMutation = operation<{ submitPracticeCase: PracticePayload }, { id: string; version: number }>(
  'SubmitPracticeCase',
  /* GraphQL */ `
    mutation SubmitPracticeCase($id: ID!, $version: Int!) {
      submitPracticeCase(id: $id, version: $version) {
        practice {
          ...PracticeFields
        }
        userErrors {
          ...UserErrorFields
        }
      }
    }
    ${PRACTICE_FIELDS}
    ${USER_ERROR_FIELDS}
  `,
);

export const ReviewPracticeMutation = operation<
  { reviewPracticeCase: PracticePayload },
  { id: string; version: number; decision: 'PUBLISH' | 'RETURN'; note: string | null }
>(
  'ReviewPracticeCase',
  /* GraphQL */ `
    mutation ReviewPracticeCase($id: ID!, $version: Int!, $decision: ReviewDecision!, $note: String) {
      reviewPracticeCase(id: $id, version: $version, decision: $decision, note: $note) {
        practice {
          ...PracticeFields
        }
        userErrors {
          ...UserErrorFields
        }
      }
    }
    ${PRACTICE_FIELDS}
    ${USER_ERROR_FIELDS}
  `,
);

/** Communities to link a write-up to (the author's scope). */
export const PracticeCommunitiesQuery = operation<
  { myCommunities: Connection<{ id: string; name: string }> },
  { first: number; after: string | null }
>(
  'PracticeCommunities',
  /* GraphQL */ `
    query PracticeCommunities($first: Int, $after: String) {
      myCommunities(first: $first, after: $after) {
        edges {
          node {
            id
            name
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

/** Cases the author may link (their scope's, every stage), newest numbers first as the server orders them. */
export const PracticeCaseOptionsQuery = operation<
  { cases: Connection<{ id: string; number: string; matter: { name: string } | null; community: { name: string } | null }> },
  { first: number }
>(
  'PracticeCaseOptions',
  /* GraphQL */ `
    query PracticeCaseOptions($first: Int) {
      cases(filter: { stages: [FILED, INVESTIGATING, NOTIFIED, HEARING, DECIDED, SERVED, EXECUTED, CLOSED] }, first: $first) {
        edges {
          node {
            id
            number
            matter {
              name
            }
            community {
              name
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

export const PRACTICE_OPERATIONS: readonly Operation<unknown, unknown>[] = [
  PracticeCasesQuery,
  PracticeCaseQuery,
  SavePracticeMutation,
  SubmitPracticeMutation,
  ReviewPracticeMutation,
  PracticeCommunitiesQuery,
  PracticeCaseOptionsQuery,
];
