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
        }
        messageSeries: series(type: MESSAGE) {
          date
          billable
          total
        }
        dataSeries: series(type: DATA) {
          date
          billable
          total
        }
      }
      past: cycle(period: PAST) {
        voice {
          billable
          total
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
