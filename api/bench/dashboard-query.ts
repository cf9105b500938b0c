const TOTAL = `type unit billable total previous changePercent forecast`;
const USAGE_FIGURES = `period start end newUsers activeUsers dataAsOf
  voice { ${TOTAL} } message { ${TOTAL} } data { ${TOTAL} }
  voiceSeries: series(type: VOICE) { date billable total }
  messageSeries: series(type: MESSAGE) { date billable total }
  dataSeries: series(type: DATA) { date billable total }`;

/** Everything the dashboard page shows, in one request: the benchmark's load and the round-trip test's subject. */
export const DASHBOARD_QUERY = `query Dashboard($id: ID!) {
  organization(id: $id) {
    id name timezone cycleStartDay
    current: cycle(period: CURRENT) { ${USAGE_FIGURES} }
    past: cycle(period: PAST) { ${USAGE_FIGURES} }
    allTime: cycle(period: ALL_TIME) { ${USAGE_FIGURES} }
    numberUtilization {
      total inUse available allocatedToSubOrganizations assigned pendingInvitation reserved registered percentInUse
      history { date inUse total }
      runOut { perDay daysLeft date }
    }
    utilizationThreshold { percent reached }
    numberRequestContact { email phone message }
  }
}`;
