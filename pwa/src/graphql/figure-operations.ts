// Issue #6's staff operations (SPEC §9, §11): figures and their drill-down, hotspots and
// rectification plans, the workroom editor. Loaded with the figure and hotspot screens (chunks of
// their own); the home screen's workroom card (MyWorkroom) lives in operations.ts.
import { ITEM_SUMMARY_FIELDS, USER_ERROR_FIELDS, operation, type Operation } from './operations';
import type { Connection, ItemSummary, UserError } from './types';
import type {
  CreatePlanInput,
  FigureDimension,
  FigureFilter,
  FigureMeasure,
  Figures,
  Hotspot,
  HotspotSummary,
  ImportHotspotsPayload,
  MarkHotspotInput,
  MeasureInput,
  NaiveDate,
  RectificationPlan,
  SaveWorkroomInput,
  TrendBucket,
  Workroom,
} from './figure-types';

const ROW_FIELDS = /* GraphQL */ `
  fragment FigureRowFields on FigureRow {
    key
    label
    received
    acceptedOnTime
    responseRate
    resolved
    resolutionRate
    replied
    repliedOnTime
    onTimeRate
    rated
    satisfied
    satisfactionRate
    violations
    converted
    conversionRate
    mandatoryViolations
    mandatoryConverted
    mandatoryConversionRate
    complaints
    repeats
    repeatRate
  }
`;

export const FiguresQuery = operation<
  { figures: Figures },
  { filter: FigureFilter; by: FigureDimension; bucket: TrendBucket }
>(
  'Figures',
  /* GraphQL */ `
    query Figures($filter: FigureFilter!, $by: FigureDimension!, $bucket: TrendBucket!) {
      figures(filter: $filter, by: $by, bucket: $bucket) {
        from
        to
        by
        total {
          ...FigureRowFields
        }
        rows {
          ...FigureRowFields
        }
        focus {
          series
          label
          row {
            ...FigureRowFields
          }
        }
        trend {
          start
          received
          responseRate
          resolutionRate
          satisfactionRate
        }
        cases {
          opened
          closed
          open
          overdue
          byStage {
            stage
            count
          }
        }
        dutyChecks {
          concluded
          failed
        }
        renovation {
          registered
          highRisk
          inProgress
          completed
          violationReports
          lateReports
        }
      }
    }
    ${ROW_FIELDS}
  `,
);

export const FigureItemsQuery = operation<
  { figureItems: Connection<ItemSummary> },
  { filter: FigureFilter; measure: FigureMeasure; by: FigureDimension | null; key: string | null; first: number; after: string | null }
>(
  'FigureItems',
  /* GraphQL */ `
    query FigureItems($filter: FigureFilter!, $measure: FigureMeasure!, $by: FigureDimension, $key: String, $first: Int, $after: String) {
      figureItems(filter: $filter, measure: $measure, by: $by, key: $key, first: $first, after: $after) {
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

// ---------------------------------------------------------------- hotspots

export const HotspotsQuery = operation<{ hotspots: HotspotSummary[] }, { activeOnly: boolean }>(
  'Hotspots',
  /* GraphQL */ `
    query Hotspots($activeOnly: Boolean!) {
      hotspots(activeOnly: $activeOnly) {
        id
        community {
          id
          name
          address
        }
        startsOn
        endsOn
        active
        source
        openItems
        pattern {
          label
          labelText
          total
        }
      }
    }
  `,
);

const HOTSPOT_FIELDS = /* GraphQL */ `
  fragment HotspotFields on Hotspot {
    id
    community {
      id
      name
      address
    }
    startsOn
    endsOn
    active
    source
    note
    openItems
    pattern(from: $from, to: $to) {
      label
      labelText
      from
      to
      dataFrom
      windowLongerThanData
      total
      distinctMatters
      distinctUnits
      topUnitMatter {
        unitLabel
        matterCode
        matterName
        count
      }
      topUnitMatterShare
      topMatter {
        matterCode
        matterName
        count
        units
      }
      topMatterShare
      matters {
        matterCode
        matterName
        count
        units
      }
      explanation
    }
    plans {
      id
      title
      startedOn
      endsOn
      measures {
        id
        doneOn
        overdue
      }
    }
  }
`;

export const HotspotQuery = operation<{ hotspot: Hotspot }, { id: string; from: NaiveDate | null; to: NaiveDate | null }>(
  'Hotspot',
  /* GraphQL */ `
    query Hotspot($id: ID!, $from: NaiveDate, $to: NaiveDate) {
      hotspot(id: $id) {
        ...HotspotFields
      }
    }
    ${HOTSPOT_FIELDS}
  `,
);

/** The weekly complaints of a hotspot's community, counted as its pattern counts them (and as a plan's weeks are). */
export const HotspotWeeklyQuery = operation<
  { hotspot: { weekly: { weekStart: NaiveDate; count: number }[] } },
  { id: string; weeks: number }
>(
  'HotspotWeekly',
  /* GraphQL */ `
    query HotspotWeekly($id: ID!, $weeks: Int!) {
      hotspot(id: $id) {
        weekly(weeks: $weeks) {
          weekStart
          count
        }
      }
    }
  `,
);

const IMPORT_LINE = /* GraphQL */ `
  fragment ImportLineFields on ImportLine {
    line
    name
    address
    community {
      id
      name
    }
    reason
  }
`;

export const ImportHotspotsMutation = operation<
  { importHotspots: ImportHotspotsPayload },
  { csv: string; startsOn: NaiveDate; endsOn: NaiveDate | null; dryRun: boolean; skipUnmatched: boolean }
>(
  'ImportHotspots',
  /* GraphQL */ `
    mutation ImportHotspots($csv: String!, $startsOn: NaiveDate!, $endsOn: NaiveDate, $dryRun: Boolean!, $skipUnmatched: Boolean!) {
      importHotspots(csv: $csv, startsOn: $startsOn, endsOn: $endsOn, dryRun: $dryRun, skipUnmatched: $skipUnmatched) {
        imported
        matched {
          ...ImportLineFields
        }
        unmatched {
          ...ImportLineFields
        }
        userErrors {
          ...UserErrorFields
        }
      }
    }
    ${IMPORT_LINE}
    ${USER_ERROR_FIELDS}
  `,
);

type HotspotPayload = { hotspot: { id: string; endsOn: NaiveDate | null; active: boolean } | null; userErrors: UserError[] };

export const MarkHotspotMutation = operation<{ markHotspot: HotspotPayload }, { input: MarkHotspotInput }>(
  'MarkHotspot',
  /* GraphQL */ `
    mutation MarkHotspot($input: MarkHotspotInput!) {
      markHotspot(input: $input) {
        hotspot {
          id
          endsOn
          active
        }
        userErrors {
          ...UserErrorFields
        }
      }
    }
    ${USER_ERROR_FIELDS}
  `,
);

export const EndHotspotMutation = operation<{ endHotspot: HotspotPayload }, { id: string; endsOn: NaiveDate }>(
  'EndHotspot',
  /* GraphQL */ `
    mutation EndHotspot($id: ID!, $endsOn: NaiveDate!) {
      endHotspot(id: $id, endsOn: $endsOn) {
        hotspot {
          id
          endsOn
          active
        }
        userErrors {
          ...UserErrorFields
        }
      }
    }
    ${USER_ERROR_FIELDS}
  `,
);

/** Communities of the caller's scope for the pickers (names only; the filing form's query carries units). */
export const CommunityNamesQuery = operation<
  { myCommunities: Connection<{ id: string; name: string }> },
  { first: number; after: string | null }
>(
  'CommunityNames',
  /* GraphQL */ `
    query CommunityNames($first: Int, $after: String) {
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

// ---------------------------------------------------------------- rectification plans

const PLAN_FIELDS = /* GraphQL */ `
  fragment PlanFields on RectificationPlan {
    id
    hotspot {
      id
      startsOn
      community {
        id
        name
      }
    }
    title
    startedOn
    endsOn
    measures {
      id
      description
      owner
      dueOn
      doneOn
      overdue
    }
    notes {
      id
      body
      author
      at
    }
    weekly(weeksBefore: 8, weeksAfter: 8) {
      weekStart
      count
      afterPlan
    }
    createdBy
    createdAt
  }
`;

type PlanPayload = { plan: RectificationPlan | null; userErrors: UserError[] };

export const RectificationPlanQuery = operation<{ rectificationPlan: RectificationPlan }, { id: string }>(
  'RectificationPlan',
  /* GraphQL */ `
    query RectificationPlan($id: ID!) {
      rectificationPlan(id: $id) {
        ...PlanFields
      }
    }
    ${PLAN_FIELDS}
  `,
);

function planMutation<TName extends string, TVariables>(name: string, field: TName, params: string, args: string) {
  return operation<Record<TName, PlanPayload>, TVariables>(
    name,
    /* GraphQL */ `
      mutation ${name}(${params}) {
        ${field}(${args}) {
          plan {
            ...PlanFields
          }
          userErrors {
            ...UserErrorFields
          }
        }
      }
      ${PLAN_FIELDS}
      ${USER_ERROR_FIELDS}
    `,
  );
}

export const CreatePlanMutation = planMutation<'createRectificationPlan', { input: CreatePlanInput }>(
  'CreateRectificationPlan',
  'createRectificationPlan',
  '$input: CreatePlanInput!',
  'input: $input',
);
export const AddPlanMeasureMutation = planMutation<'addPlanMeasure', { planId: string; input: MeasureInput }>(
  'AddPlanMeasure',
  'addPlanMeasure',
  '$planId: ID!, $input: MeasureInput!',
  'planId: $planId, input: $input',
);
export const CompletePlanMeasureMutation = planMutation<'completePlanMeasure', { measureId: string; doneOn: NaiveDate }>(
  'CompletePlanMeasure',
  'completePlanMeasure',
  '$measureId: ID!, $doneOn: NaiveDate!',
  'measureId: $measureId, doneOn: $doneOn',
);
export const AddPlanNoteMutation = planMutation<'addPlanNote', { planId: string; body: string }>(
  'AddPlanNote',
  'addPlanNote',
  '$planId: ID!, $body: String!',
  'planId: $planId, body: $body',
);

// ---------------------------------------------------------------- workroom directory

export const CommunityWorkroomQuery = operation<
  { community: { id: string; name: string; workroom: Workroom | null }; squadOfficers: { id: string; name: string }[] },
  { communityId: string }
>(
  'CommunityWorkroom',
  /* GraphQL */ `
    query CommunityWorkroom($communityId: ID!) {
      community(id: $communityId) {
        id
        name
        workroom {
          officeHours
          phone
          officers
        }
      }
      squadOfficers(communityId: $communityId) {
        id
        name
      }
    }
  `,
);

export const SaveWorkroomMutation = operation<
  { saveWorkroom: { community: { id: string; workroom: Workroom | null } | null; userErrors: UserError[] } },
  { input: SaveWorkroomInput }
>(
  'SaveWorkroom',
  /* GraphQL */ `
    mutation SaveWorkroom($input: SaveWorkroomInput!) {
      saveWorkroom(input: $input) {
        community {
          id
          workroom {
            officeHours
            phone
            officers
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

export const FIGURE_OPERATIONS: readonly Operation<unknown, unknown>[] = [
  FiguresQuery,
  FigureItemsQuery,
  HotspotsQuery,
  HotspotQuery,
  HotspotWeeklyQuery,
  ImportHotspotsMutation,
  MarkHotspotMutation,
  EndHotspotMutation,
  CommunityNamesQuery,
  RectificationPlanQuery,
  CreatePlanMutation,
  AddPlanMeasureMutation,
  CompletePlanMeasureMutation,
  AddPlanNoteMutation,
  CommunityWorkroomQuery,
  SaveWorkroomMutation,
];
