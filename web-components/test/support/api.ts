/** The real API for the widget tests, through the API's own test harness (fresh SQLite, demo data). */
export { startTestServer, type TestServer } from '../../../api/test/harness';

/** The figures of the demo organization the widgets show, straight from the API. */
export const DASHBOARD_FIGURES = /* GraphQL */ `
  query DashboardFigures($id: ID!) {
    organization(id: $id) {
      id
      name
      current: cycle(period: CURRENT) {
        newUsers
        activeUsers
        voice {
          billable
          total
          billableSeconds
          totalSeconds
        }
        message {
          billable
          total
        }
        data {
          billable
          total
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
      past: cycle(period: PAST) {
        voice {
          billable
          total
          billableSeconds
          totalSeconds
        }
        message {
          billable
          total
        }
        data {
          billable
          total
        }
      }
      allTime: cycle(period: ALL_TIME) {
        voice {
          billable
          total
          billableSeconds
          totalSeconds
        }
        message {
          billable
          total
        }
        data {
          billable
          total
        }
      }
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
      }
      utilizationThreshold {
        percent
        reached
      }
      numberRequestContact {
        email
        phone
        message
      }
    }
  }
`;

/** The insight figures of DESIGN §5 (comparison, forecast, freshness, utilization history, run-out). */
export const INSIGHT_FIGURES = /* GraphQL */ `
  query InsightFigures($id: ID!) {
    organization(id: $id) {
      id
      timezone
      current: cycle(period: CURRENT) {
        start
        end
        dataAsOf
        voice {
          billable
          billableSeconds
          total
          previous
          changePercent
          forecast
        }
        message {
          billable
          total
          previous
          changePercent
          forecast
        }
        data {
          billable
          total
          previous
          changePercent
          forecast
        }
        voiceSeries: series(type: VOICE) {
          date
          billable
          total
          billableSeconds
          totalSeconds
        }
      }
      past: cycle(period: PAST) {
        voice {
          changePercent
        }
        message {
          changePercent
        }
        data {
          changePercent
        }
        voiceSeries: series(type: VOICE) {
          date
          billable
          billableSeconds
        }
      }
      numberUtilization {
        available
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
      }
      utilizationThreshold {
        percent
        reached
      }
    }
  }
`;
