/**
 * The GraphQL documents the widgets send, written out in full so graphql-codegen reads them and
 * generates their result types into graphql-types.ts (`npm run codegen:widgets`). The widget build
 * replaces this module with the documents already parsed (see build.mjs), so pages do not download a
 * GraphQL parser; keep it free of anything but documents and types.
 *
 * Each organization query comes in two spellings selecting the same fragment: by id when the element
 * has an organization-id, else the token's own organization through `viewer`.
 */
import { gql, type DocumentNode } from '@apollo/client/core';
import type * as Generated from './graphql-types.generated';
import type { OrganizationResult } from './organization';

export interface OrganizationQueryPair {
  /** Used when the element has no organization-id: the token's own organization. */
  forViewer: DocumentNode;
  /** Used with organization-id. */
  byId: DocumentNode;
}

const CYCLE_FIGURES = gql`
  fragment CycleFigures on Organization {
    id
    name
    timezone
    rating {
      voiceInitialSeconds
      voiceIncrementSeconds
    }
    cycle(period: $period) {
      period
      start
      end
      newUsers
      activeUsers
      voice {
        type
        unit
        billable
        total
        billableSeconds
        totalSeconds
        previous
        changePercent
        forecast
        allowance
        percentUsed
        forecastPercent
      }
      message {
        type
        unit
        billable
        total
        billableSeconds
        totalSeconds
        previous
        changePercent
        forecast
        allowance
        percentUsed
        forecastPercent
      }
      data {
        type
        unit
        billable
        total
        billableSeconds
        totalSeconds
        previous
        changePercent
        forecast
        allowance
        percentUsed
        forecastPercent
      }
      # The bill (DESIGN §9); null without a price plan.
      charges {
        currency
        fixed {
          amount
        }
        voice {
          amount
        }
        message {
          amount
        }
        data {
          amount
        }
        total {
          amount
        }
        forecastTotal {
          amount
        }
      }
    }
  }
`;

export const CYCLE_FIGURES_QUERY: OrganizationQueryPair = {
  forViewer: gql`
    query CycleFiguresForViewer($period: CyclePeriod!) {
      viewer {
        organization {
          ...CycleFigures
        }
      }
    }
    ${CYCLE_FIGURES}
  `,
  byId: gql`
    query CycleFigures($organizationId: ID!, $period: CyclePeriod!) {
      organization(id: $organizationId) {
        ...CycleFigures
      }
    }
    ${CYCLE_FIGURES}
  `,
};

// All three series in one request, so switching the dropdown is instant and needs no network.
const CURRENT_CYCLE_SERIES = gql`
  fragment CurrentCycleSeries on Organization {
    id
    name
    timezone
    cycle(period: CURRENT) {
      period
      start
      end
      dataAsOf
      voice {
        type
        billable
        billableSeconds
        forecast
        expectedDays {
          date
          expected
        }
      }
      message {
        type
        billable
        billableSeconds
        forecast
        expectedDays {
          date
          expected
        }
      }
      data {
        type
        billable
        billableSeconds
        forecast
        expectedDays {
          date
          expected
        }
      }
      voiceSeries: series(type: VOICE) {
        date
        billable
        total
        billableSeconds
        totalSeconds
      }
      messageSeries: series(type: MESSAGE) {
        date
        billable
        total
        billableSeconds
        totalSeconds
      }
      dataSeries: series(type: DATA) {
        date
        billable
        total
        billableSeconds
        totalSeconds
      }
    }
    # The cycle before, drawn alongside by day of cycle when the user asks for it.
    pastCycle: cycle(period: PAST) {
      period
      start
      end
      voiceSeries: series(type: VOICE) {
        date
        billable
        total
        billableSeconds
        totalSeconds
      }
      messageSeries: series(type: MESSAGE) {
        date
        billable
        total
        billableSeconds
        totalSeconds
      }
      dataSeries: series(type: DATA) {
        date
        billable
        total
        billableSeconds
        totalSeconds
      }
    }
  }
`;

export const CURRENT_CYCLE_SERIES_QUERY: OrganizationQueryPair = {
  forViewer: gql`
    query CurrentCycleSeriesForViewer {
      viewer {
        organization {
          ...CurrentCycleSeries
        }
      }
    }
    ${CURRENT_CYCLE_SERIES}
  `,
  byId: gql`
    query CurrentCycleSeries($organizationId: ID!) {
      organization(id: $organizationId) {
        ...CurrentCycleSeries
      }
    }
    ${CURRENT_CYCLE_SERIES}
  `,
};

const UTILIZATION_SUMMARY = gql`
  fragment UtilizationSummary on Organization {
    id
    name
    timezone
    numberUtilization {
      total
      inUse
      available
      percentInUse
    }
    utilizationThreshold {
      percent
      reached
    }
  }
`;

export const UTILIZATION_SUMMARY_QUERY: OrganizationQueryPair = {
  forViewer: gql`
    query UtilizationSummaryForViewer {
      viewer {
        organization {
          ...UtilizationSummary
        }
      }
    }
    ${UTILIZATION_SUMMARY}
  `,
  byId: gql`
    query UtilizationSummary($organizationId: ID!) {
      organization(id: $organizationId) {
        ...UtilizationSummary
      }
    }
    ${UTILIZATION_SUMMARY}
  `,
};

const UTILIZATION_DETAILS = gql`
  fragment UtilizationDetails on Organization {
    id
    name
    timezone
    numberUtilization {
      total
      inUse
      available
      allocatedToSubOrganizations
      assigned
      pendingInvitation
      reserved
      registered
      percentInUse
      history(days: 90) {
        date
        inUse
        total
      }
      runOut {
        perDay
        daysLeft
        date
      }
      idle(days: 30) {
        count
        numbers(first: 50) {
          id
          number
          user {
            email
          }
        }
      }
    }
    utilizationThreshold {
      percent
      reached
      policy
    }
    numberRequestContact {
      email
      phone
      message
    }
  }
`;

export const UTILIZATION_DETAILS_QUERY: OrganizationQueryPair = {
  forViewer: gql`
    query UtilizationDetailsForViewer {
      viewer {
        organization {
          ...UtilizationDetails
        }
      }
    }
    ${UTILIZATION_DETAILS}
  `,
  byId: gql`
    query UtilizationDetails($organizationId: ID!) {
      organization(id: $organizationId) {
        ...UtilizationDetails
      }
    }
    ${UTILIZATION_DETAILS}
  `,
};

const ORGANIZATION_NAME = gql`
  fragment OrganizationName on Organization {
    id
    name
    timezone
  }
`;

export const ORGANIZATION_NAME_QUERY: OrganizationQueryPair = {
  forViewer: gql`
    query OrganizationNameForViewer {
      viewer {
        roles
        organization {
          ...OrganizationName
        }
      }
    }
    ${ORGANIZATION_NAME}
  `,
  byId: gql`
    query OrganizationName($organizationId: ID!) {
      viewer {
        roles
      }
      organization(id: $organizationId) {
        ...OrganizationName
      }
    }
    ${ORGANIZATION_NAME}
  `,
};

/** Live updates' probe (live-feed.ts): one short answer that changes whenever any figure may have. */
export const LIVE_VERSION_QUERY: OrganizationQueryPair = {
  forViewer: gql`
    query LiveVersionForViewer {
      viewer {
        organization {
          id
          version
        }
      }
    }
  `,
  byId: gql`
    query LiveVersion($organizationId: ID!) {
      organization(id: $organizationId) {
        id
        version
      }
    }
  `,
};

export const SET_UTILIZATION_THRESHOLD = gql`
  mutation SetUtilizationThreshold($organizationId: ID!, $percent: Int!, $policy: AlertPolicy) {
    setUtilizationThreshold(organizationId: $organizationId, percent: $percent, policy: $policy) {
      percent
      reached
      policy
    }
  }
`;

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

const ALERT_SETTINGS = gql`
  fragment AlertSettings on Organization {
    id
    name
    timezone
    usageAlerts {
      id
      type
      threshold
      basis
      measure
      enabled
    }
    # "% of allowance" is offered for the types whose current cycle has an allowance (DESIGN §9).
    cycle(period: CURRENT) {
      voice {
        allowance
      }
      message {
        allowance
      }
      data {
        allowance
      }
    }
    webhooks {
      id
      url
      enabled
      secretHint
      deliveries(first: 5) {
        eventId
        type
        attempts
        lastStatus
        lastError
        createdAt
        deliveredAt
        gaveUpAt
      }
    }
  }
`;

export const ALERT_SETTINGS_QUERY: OrganizationQueryPair = {
  forViewer: gql`
    query AlertSettingsForViewer {
      viewer {
        roles
        organization {
          ...AlertSettings
        }
      }
    }
    ${ALERT_SETTINGS}
  `,
  byId: gql`
    query AlertSettings($organizationId: ID!) {
      viewer {
        roles
      }
      organization(id: $organizationId) {
        ...AlertSettings
      }
    }
    ${ALERT_SETTINGS}
  `,
};

export const CREATE_USAGE_ALERT = gql`
  mutation CreateUsageAlert(
    $organizationId: ID!
    $type: UsageType!
    $threshold: SafeInt!
    $basis: AlertBasis
    $measure: AlertMeasure
    $enabled: Boolean
  ) {
    createUsageAlert(
      organizationId: $organizationId
      type: $type
      threshold: $threshold
      basis: $basis
      measure: $measure
      enabled: $enabled
    ) {
      id
    }
  }
`;

export const UPDATE_USAGE_ALERT = gql`
  mutation UpdateUsageAlert(
    $id: ID!
    $threshold: SafeInt
    $basis: AlertBasis
    $measure: AlertMeasure
    $enabled: Boolean
  ) {
    updateUsageAlert(id: $id, threshold: $threshold, basis: $basis, measure: $measure, enabled: $enabled) {
      id
    }
  }
`;

export const DELETE_USAGE_ALERT = gql`
  mutation DeleteUsageAlert($id: ID!) {
    deleteUsageAlert(id: $id)
  }
`;

export const CREATE_WEBHOOK = gql`
  mutation CreateWebhook($organizationId: ID!, $url: String!) {
    createWebhook(organizationId: $organizationId, url: $url) {
      secret
      webhook {
        id
      }
    }
  }
`;

export const UPDATE_WEBHOOK = gql`
  mutation UpdateWebhook($id: ID!, $url: String, $enabled: Boolean) {
    updateWebhook(id: $id, url: $url, enabled: $enabled) {
      id
    }
  }
`;

export const DELETE_WEBHOOK = gql`
  mutation DeleteWebhook($id: ID!) {
    deleteWebhook(id: $id)
  }
`;

export const TEST_WEBHOOK = gql`
  mutation TestWebhook($id: ID!) {
    testWebhook(id: $id)
  }
`;

// The result types the widgets read, generated from schema.graphql and the documents above.
const REPORT_ORGANIZATION = gql`
  fragment ReportOrganization on Organization {
    id
    name
    timezone
    cycleStartDay
  }
`;

export const REPORT_ORGANIZATION_QUERY: OrganizationQueryPair = {
  forViewer: gql`
    query ReportOrganizationForViewer {
      viewer {
        organization {
          ...ReportOrganization
        }
      }
    }
    ${REPORT_ORGANIZATION}
  `,
  byId: gql`
    query ReportOrganization($organizationId: ID!) {
      organization(id: $organizationId) {
        ...ReportOrganization
      }
    }
    ${REPORT_ORGANIZATION}
  `,
};

/** A report's totals, its days (by day) and one breakdown page (by user or sub-organization). */
export const USAGE_REPORT_QUERY = gql`
  fragment ReportAmounts on UsageTotal {
    type
    billable
    total
  }
  query UsageReport(
    $organizationId: ID!
    $from: String!
    $to: String!
    $withDays: Boolean!
    $withBreakdown: Boolean!
    $by: BreakdownBy!
    $orderBy: UsageType
    $first: Int
    $after: String
  ) {
    organization(id: $organizationId) {
      id
      usage(from: $from, to: $to) {
        from
        to
        voice {
          ...ReportAmounts
        }
        message {
          ...ReportAmounts
        }
        data {
          ...ReportAmounts
        }
        voiceDays: series(type: VOICE) @include(if: $withDays) {
          date
          billable
          total
        }
        messageDays: series(type: MESSAGE) @include(if: $withDays) {
          date
          billable
          total
        }
        dataDays: series(type: DATA) @include(if: $withDays) {
          date
          billable
          total
        }
      }
      usageBreakdown(from: $from, to: $to, by: $by, orderBy: $orderBy, first: $first, after: $after)
        @include(if: $withBreakdown) {
        rows {
          user {
            id
            email
          }
          organization {
            id
            name
          }
          voice {
            ...ReportAmounts
          }
          message {
            ...ReportAmounts
          }
          data {
            ...ReportAmounts
          }
        }
        nextCursor
        unattributed {
          ...ReportAmounts
        }
      }
    }
  }
`;

export type CycleFigures = Generated.CycleFiguresFragment;
export type CycleFiguresResult = Generated.CycleFiguresForViewerQuery | Generated.CycleFiguresQuery;
export type CurrentCycleSeries = Generated.CurrentCycleSeriesFragment;
export type CurrentCycleSeriesResult = Generated.CurrentCycleSeriesForViewerQuery | Generated.CurrentCycleSeriesQuery;
export type UsageSeriesPoint = CurrentCycleSeries['cycle']['voiceSeries'][number];
export type CycleUsageTotal = CycleFigures['cycle']['voice'];
export type UtilizationSummary = Generated.UtilizationSummaryFragment;
export type UtilizationSummaryResult = Generated.UtilizationSummaryForViewerQuery | Generated.UtilizationSummaryQuery;
export type UtilizationDetails = Generated.UtilizationDetailsFragment;
export type UtilizationDetailsResult = Generated.UtilizationDetailsForViewerQuery | Generated.UtilizationDetailsQuery;
export type LiveVersionResult = Generated.LiveVersionForViewerQuery | Generated.LiveVersionQuery;
export type OrganizationNameResult = Generated.OrganizationNameForViewerQuery | Generated.OrganizationNameQuery;
export type SetUtilizationThresholdResult = Generated.SetUtilizationThresholdMutation;
export type SetUtilizationThresholdVariables = Generated.SetUtilizationThresholdMutationVariables;
export type RequestMoreNumbersResult = Generated.RequestMoreNumbersMutation;
export type RequestMoreNumbersVariables = Generated.RequestMoreNumbersMutationVariables;
export type ReportOrganization = Generated.ReportOrganizationFragment;
export type ReportOrganizationResult = Generated.ReportOrganizationForViewerQuery | Generated.ReportOrganizationQuery;
export type UsageReportResult = Generated.UsageReportQuery;
export type UsageReportVariables = Generated.UsageReportQueryVariables;
export type AlertSettings = Generated.AlertSettingsFragment;
export type AlertSettingsResult = Generated.AlertSettingsForViewerQuery | Generated.AlertSettingsQuery;
export type { OrganizationResult };
