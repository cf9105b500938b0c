/**
 * The operations the GraphiQL page opens as tabs on a first visit: what the dashboard shows, a usage
 * report, recording usage, and setting a price plan. Plain strings, checked against the schema and
 * run against a demo server by example-operations.test.ts.
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
      # The price plan of the current cycle, and one scheduled for the next.
      plan {
        ...PlanTerms
      }
      nextPlan {
        ...PlanTerms
      }
      current: cycle(period: CURRENT) {
        ...CycleFigures
        dataAsOf
        charges {
          forecastTotal {
            amount
          }
        }
        voice {
          forecast
          forecastPercent
          expectedDays {
            date
            expected
          }
        }
        message {
          forecast
          forecastPercent
          expectedDays {
            date
            expected
          }
        }
        data {
          forecast
          forecastPercent
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
        measure
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
    allowance
    percentUsed
  }
  message {
    type
    unit
    billable
    total
    previous
    changePercent
    allowance
    percentUsed
  }
  data {
    type
    unit
    billable
    total
    previous
    changePercent
    allowance
    percentUsed
  }
  # The bill under the plan (null without one, and on ALL_TIME).
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
  }
}

fragment PlanTerms on Plan {
  name
  currency
  effectiveFrom
  baseFee {
    amount
    currency
  }
  perActiveUserFee {
    amount
    currency
  }
  voice {
    included
    includedPerActiveUser
    overageRate
  }
  message {
    included
    includedPerActiveUser
    overageRate
  }
  data {
    included
    includedPerActiveUser
    overageRate
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

export const SET_PLAN_OPERATION = operation(`
# Sets a customer account's price plan (DESIGN §9). Operators only:
# the demo's admin token is refused (FORBIDDEN); put a token with
# roles ["operator"] in the headers. effective: NEXT_CYCLE (the
# default) or CURRENT_CYCLE, which reprices the cycle running now.
# Fees and rates are decimal strings in the currency; allowances are
# in minutes, messages and bytes, pooled over the account: included
# + includedPerActiveUser × active users. Data is priced per GB.
mutation SetPlan($organizationId: ID!, $plan: PlanInput!, $effective: PlanEffective) {
  setPlan(organizationId: $organizationId, plan: $plan, effective: $effective) {
    name
    currency
    effectiveFrom
    baseFee {
      amount
    }
    perActiveUserFee {
      amount
    }
    voice {
      included
      includedPerActiveUser
      overageRate
    }
    message {
      included
      includedPerActiveUser
      overageRate
    }
    data {
      included
      includedPerActiveUser
      overageRate
    }
  }
}
`);

/** Variables for SetPlan: a pooled USD plan for the organization from its next cycle. */
export function setPlanVariables(organizationId: string): string {
  const plan = {
    name: 'Business Pool Plus',
    currency: 'USD',
    baseFee: '250.00',
    perActiveUserFee: '11.50',
    voice: { included: 2000, includedPerActiveUser: 60, overageRate: '0.02' },
    message: { included: 5000, includedPerActiveUser: 150, overageRate: '0.008' },
    data: { included: 50_000_000_000, includedPerActiveUser: 2_000_000_000, overageRate: '2.00' },
  };
  return JSON.stringify({ organizationId, plan, effective: 'NEXT_CYCLE' }, null, 2);
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
    { query: SET_PLAN_OPERATION, variables: setPlanVariables(config.demoOrganizationId ?? '1'), headers },
  ];
}
