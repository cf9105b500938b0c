/**
 * React wrappers of the widgets, generated with @lit/react's createComponent: each element's properties
 * become typed props (`token`, `getToken`, `locale`, `theme`, `period` …) and its `mp-` events `onMp…`
 * callbacks with typed `CustomEvent` details. Works with React 18 and 19 (`react` is a peer dependency).
 * Importing a wrapper defines its element, as importing the element's own module does.
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import type { MpEventMap } from '../shared/events';
import { MpAlerts as MpAlertsElement } from '../mp-alerts/mp-alerts';
import { MpCycleCard as MpCycleCardElement } from '../mp-cycle-card/mp-cycle-card';
import { MpDashboard as MpDashboardElement } from '../mp-dashboard/mp-dashboard';
import { MpUsageChart as MpUsageChartElement } from '../mp-usage-chart/mp-usage-chart';
import { MpUsageReport as MpUsageReportElement } from '../mp-usage-report/mp-usage-report';
import { MpUtilizationDetails as MpUtilizationDetailsElement } from '../mp-utilization-details/mp-utilization-details';
import { MpUtilizationPie as MpUtilizationPieElement } from '../mp-utilization-pie/mp-utilization-pie';

const event = <K extends keyof MpEventMap>(type: K) => type as EventName<MpEventMap[K]>;

const onMpError = event('mp-error');
const detailsEvents = {
  onMpThresholdChange: event('mp-threshold-change'),
  onMpNumbersRequested: event('mp-numbers-requested'),
  onMpDetailsOpen: event('mp-details-open'),
  onMpDetailsClose: event('mp-details-close'),
  onMpError,
};

export const MpCycleCard = createComponent({
  react: React,
  tagName: 'mp-cycle-card',
  elementClass: MpCycleCardElement,
  events: { onMpError },
  displayName: 'MpCycleCard',
});

export const MpUsageChart = createComponent({
  react: React,
  tagName: 'mp-usage-chart',
  elementClass: MpUsageChartElement,
  events: { onMpUsageTypeChange: event('mp-usage-type-change'), onMpError },
  displayName: 'MpUsageChart',
});

export const MpUtilizationPie = createComponent({
  react: React,
  tagName: 'mp-utilization-pie',
  elementClass: MpUtilizationPieElement,
  events: detailsEvents,
  displayName: 'MpUtilizationPie',
});

export const MpUtilizationDetails = createComponent({
  react: React,
  tagName: 'mp-utilization-details',
  elementClass: MpUtilizationDetailsElement,
  events: detailsEvents,
  displayName: 'MpUtilizationDetails',
});

export const MpUsageReport = createComponent({
  react: React,
  tagName: 'mp-usage-report',
  elementClass: MpUsageReportElement,
  events: { onMpReportDownload: event('mp-report-download'), onMpError },
  displayName: 'MpUsageReport',
});

export const MpAlerts = createComponent({
  react: React,
  tagName: 'mp-alerts',
  elementClass: MpAlertsElement,
  events: { onMpAlertsChange: event('mp-alerts-change'), onMpError },
  displayName: 'MpAlerts',
});

export const MpDashboard = createComponent({
  react: React,
  tagName: 'mp-dashboard',
  elementClass: MpDashboardElement,
  events: {
    ...detailsEvents,
    onMpUsageTypeChange: event('mp-usage-type-change'),
    onMpReportDownload: event('mp-report-download'),
    onMpAlertsChange: event('mp-alerts-change'),
  },
  displayName: 'MpDashboard',
});

export type { MpEventMap };
