/**
 * The GraphQL documents the widgets send. The widget build replaces this module with the documents
 * already parsed (see build.mjs), so pages do not download a GraphQL parser; keep it free of
 * anything but documents and types.
 */
import { gql, type DocumentNode } from '@apollo/client/core';

export interface OrganizationQueryPair {
  /** Used when the element has no organization-id: the token's own organization. */
  forViewer: DocumentNode;
  /** Used with organization-id. */
  byId: DocumentNode;
}

/**
 * Builds both spellings of one organization query, so every widget works with or without an
 * `organization-id` attribute while selecting exactly the same fields.
 */
export function organizationQuery(name: string, selection: string, variableDefinitions = ''): OrganizationQueryPair {
  const extra = variableDefinitions ? `(${variableDefinitions})` : '';
  return {
    forViewer: gql(`query ${name}ForViewer${extra} { viewer { organization { id name timezone ${selection} } } }`),
    byId: gql(
      `query ${name}($organizationId: ID!${variableDefinitions ? `, ${variableDefinitions}` : ''}) ` +
        `{ organization(id: $organizationId) { id name timezone ${selection} } }`,
    ),
  };
}

export type { OrganizationBase, OrganizationResult } from './organization';

const USAGE_TOTAL = 'type unit billable total';
const SERIES = 'date billable total';

export interface UsageTotal {
  type: string;
  unit: string;
  billable: number;
  total: number;
}

export interface CycleFigures {
  cycle: {
    period: string;
    start: string | null;
    end: string;
    newUsers: number;
    activeUsers: number;
    voice: UsageTotal;
    message: UsageTotal;
    data: UsageTotal;
  };
}

export const CYCLE_FIGURES_QUERY = organizationQuery(
  'CycleFigures',
  `cycle(period: $period) { period start end newUsers activeUsers voice { ${USAGE_TOTAL} } message { ${USAGE_TOTAL} } data { ${USAGE_TOTAL} } }`,
  '$period: CyclePeriod!',
);

export interface UsageSeriesPoint {
  date: string;
  billable: number;
  total: number;
}

export interface CurrentCycleSeries {
  cycle: {
    period: string;
    start: string | null;
    end: string;
    voiceSeries: UsageSeriesPoint[];
    messageSeries: UsageSeriesPoint[];
    dataSeries: UsageSeriesPoint[];
  };
}

// All three series in one request, so switching the dropdown is instant and needs no network.
export const CURRENT_CYCLE_SERIES_QUERY = organizationQuery(
  'CurrentCycleSeries',
  `cycle(period: CURRENT) { period start end voiceSeries: series(type: VOICE) { ${SERIES} } ` +
    `messageSeries: series(type: MESSAGE) { ${SERIES} } dataSeries: series(type: DATA) { ${SERIES} } }`,
);

export interface UtilizationSummary {
  numberUtilization: { total: number; inUse: number; available: number; percentInUse: number };
  utilizationThreshold: { percent: number; reached: boolean };
}

export const UTILIZATION_SUMMARY_QUERY = organizationQuery(
  'UtilizationSummary',
  'numberUtilization { total inUse available percentInUse } utilizationThreshold { percent reached }',
);

export interface UtilizationDetails {
  numberUtilization: {
    total: number;
    inUse: number;
    available: number;
    allocatedToSubOrganizations: number;
    assigned: number;
    pendingInvitation: number;
    reserved: number;
    registered: number;
    percentInUse: number;
  };
  utilizationThreshold: { percent: number; reached: boolean };
  numberRequestContact: { email: string | null; phone: string | null; message: string };
}

export const UTILIZATION_DETAILS_QUERY = organizationQuery(
  'UtilizationDetails',
  'numberUtilization { total inUse available allocatedToSubOrganizations assigned pendingInvitation reserved registered percentInUse } ' +
    'utilizationThreshold { percent reached } numberRequestContact { email phone message }',
);

export const ORGANIZATION_NAME_QUERY = organizationQuery('OrganizationName', '');

export const SET_UTILIZATION_THRESHOLD = gql`
  mutation SetUtilizationThreshold($organizationId: ID!, $percent: Int!) {
    setUtilizationThreshold(organizationId: $organizationId, percent: $percent) {
      percent
      reached
    }
  }
`;

export interface SetUtilizationThresholdResult {
  setUtilizationThreshold: { percent: number; reached: boolean };
}

export const REQUEST_MORE_NUMBERS = gql`
  mutation RequestMoreNumbers($organizationId: ID!, $quantity: Int, $note: String) {
    requestMoreNumbers(organizationId: $organizationId, quantity: $quantity, note: $note) {
      id
      createdAt
      quantity
      note
      contact {
        email
        phone
        message
      }
    }
  }
`;

export interface RequestMoreNumbersResult {
  requestMoreNumbers: {
    id: string;
    createdAt: string;
    quantity: number | null;
    note: string | null;
    contact: { email: string | null; phone: string | null; message: string };
  };
}
