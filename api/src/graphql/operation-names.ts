/**
 * The operation names metrics count by name (DESIGN §11): those the widgets send
 * (web-components/src/shared/queries.ts) and those of the GraphiQL examples
 * (api/graphiql/src/example-operations.ts). Any other name, chosen by a client, would make a series
 * per name, so it counts as `other`; operation-names.test.ts checks this list against both sources.
 */
export const WIDGET_OPERATION_NAMES = [
  'AlertSettings',
  'AlertSettingsForViewer',
  'CreateUsageAlert',
  'CreateWebhook',
  'CurrentCycleSeries',
  'CurrentCycleSeriesForViewer',
  'CycleFigures',
  'CycleFiguresForViewer',
  'DeleteUsageAlert',
  'DeleteWebhook',
  'LiveVersion',
  'LiveVersionForViewer',
  'OrganizationName',
  'OrganizationNameForViewer',
  'ReportOrganization',
  'ReportOrganizationForViewer',
  'RequestMoreNumbers',
  'SetUtilizationThreshold',
  'TestWebhook',
  'UpdateUsageAlert',
  'UpdateWebhook',
  'UsageReport',
  'UtilizationDetails',
  'UtilizationDetailsForViewer',
  'UtilizationSummary',
  'UtilizationSummaryForViewer',
] as const;

export const GRAPHIQL_EXAMPLE_OPERATION_NAMES = ['Dashboard', 'RecordUsage', 'SetPlan', 'UsageReport'] as const;

/** What every name outside the lists, and an anonymous operation, is counted as. */
export const OTHER_OPERATION = 'other';

const KNOWN_NAMES: ReadonlySet<string> = new Set([...WIDGET_OPERATION_NAMES, ...GRAPHIQL_EXAMPLE_OPERATION_NAMES]);

/** The metrics label of an operation's name. */
export function operationLabel(name: string | null | undefined): string {
  return name && KNOWN_NAMES.has(name) ? name : OTHER_OPERATION;
}
