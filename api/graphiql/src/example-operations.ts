/**
 * The operations the GraphiQL page opens as tabs on a first visit: what the dashboard shows, a usage
 * report, and recording usage. Plain strings, checked against the schema and run against a demo
 * server by example-operations.test.ts.
 */

/** What the server tells the page (api/src/http/pages.ts): null outside a demo start. */
export interface GraphiqlPageConfig {
  demoToken: string | null;
  demoOrganizationId: string | null;
}

/** One tab: GraphiQL's TabDefinition. */
export interface ExampleTab {
  query: string;
  variables?: string;
  headers?: string;
}

/** The text as written below it, without the first line break. */
const operation = (text: string) => text.replace(/^\n/, '');

export const DASHBOARD_OPERATION = operation(`
# What the dashboard's widgets show, in one request
# (each widget asks for its part: web-components/src/shared/queries.ts).
# viewer.organization is the token's own organization;
# organization(id: "…") reads one below it.
query Dashboard {
  viewer {
    roles
    organization {
      id
      # Changes whenever a figure may have: the widgets poll it (live="on").
      version
      name
      timezone
      cycleStartDay
      rating {
        voiceInitialSeconds
        voiceIncrementSeconds
        dataIncrementBytes
      }
      current: cycle(period: CURRENT) {
        ...CycleFigures
        dataAsOf
        voice {
          forecast
          expectedDays {
            date
            expected
          }
        }
        message {
          forecast
          expectedDays {
            date
            expected
          }
        }
        data {
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
        }
        dataSeries: series(type: DATA) {
          date
          billable
          total
        }
      }
      past: cycle(period: PAST) {
        ...CycleFigures
      }
      allTime: cycle(period: ALL_TIME) {
        ...CycleFigures
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
        # Numbers whose user has had no usage for 30 days: reclaim before requesting more.
        idle(days: 30) {
          count
          numbers(first: 10) {
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
      # Admins only: usage alerts and webhooks with their recent deliveries.
      usageAlerts {
        id
        type
        threshold
        basis
        enabled
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
      numberRequestContact {
        email
        phone
        message
      }
    }
  }
}

fragment CycleFigures on CycleUsage {
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
  }
  message {
    type
    unit
    billable
    total
    previous
    changePercent
  }
  data {
    type
    unit
    billable
    total
    previous
    changePercent
  }
}
`);

export const USAGE_REPORT_OPERATION = operation(`
# Voice, messages and data: the current cycle so far, the past
# cycle and all time, sub-organizations included
# (includeSubOrganizations: false counts the organization alone).
query UsageReport {
  viewer {
    organization {
      name
      timezone
      cycleStartDay
      current: cycle(period: CURRENT) {
        ...UsageTotals
      }
      past: cycle(period: PAST) {
        ...UsageTotals
      }
      allTime: cycle(period: ALL_TIME) {
        ...UsageTotals
      }
    }
  }
}

fragment UsageTotals on CycleUsage {
  start
  end
  newUsers
  activeUsers
  voice {
    unit
    billable
    total
  }
  message {
    unit
    billable
    total
  }
  data {
    unit
    billable
    total
  }
}
`);

export const RECORD_USAGE_OPERATION = operation(`
# Books usage events, up to 10,000 a call. An id already recorded
# changes nothing: run it twice and the second answer counts
# duplicates. quantity: VOICE seconds, MESSAGE messages, DATA bytes.
mutation RecordUsage($events: [UsageEventInput!]!) {
  recordUsage(events: $events) {
    accepted
    duplicates
  }
}
`);

/** Variables for RecordUsage: a call and a message now, with ids unique to this page load. */
export function recordUsageVariables(organizationId: string, now: Date): string {
  const occurredAt = now.toISOString();
  const stamp = now.getTime();
  const events = [
    { id: `graphiql-call-${stamp}`, organizationId, type: 'VOICE', occurredAt, quantity: 125 },
    { id: `graphiql-message-${stamp}`, organizationId, type: 'MESSAGE', occurredAt, quantity: 1 },
  ];
  return JSON.stringify({ events }, null, 2);
}

/** The headers editor's content: the demo token on a demo start, else empty for the user's own. */
export function requestHeaders(config: GraphiqlPageConfig): string {
  return config.demoToken ? JSON.stringify({ Authorization: `Bearer ${config.demoToken}` }, null, 2) : '';
}

/** The example tabs, each with the request headers. Outside a demo start the organization id is "1". */
export function exampleTabs(config: GraphiqlPageConfig, now: Date): ExampleTab[] {
  const headers = requestHeaders(config);
  return [
    { query: DASHBOARD_OPERATION, headers },
    { query: USAGE_REPORT_OPERATION, headers },
    {
      query: RECORD_USAGE_OPERATION,
      variables: recordUsageVariables(config.demoOrganizationId ?? '1', now),
      headers,
    },
  ];
}
