/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** What a usage alert compares with its threshold. */
export type AlertBasis =
  /** The current cycle's billable usage so far (as the cycle card shows it). */
  | 'ACTUAL'
  /** The billable total the current cycle is on track to reach (the forecast of CycleUsage). */
  | 'FORECAST';

/** What a usage alert's threshold counts. */
export type AlertMeasure =
  /** A percentage (1-1000) of the type's allowance in the price plan: compared with percentUsed (ACTUAL) or forecastPercent (FORECAST) of the current cycle's UsageTotal. */
  | 'PERCENT_OF_ALLOWANCE'
  /** The type's billing unit: VOICE minutes, MESSAGE messages, DATA bytes. */
  | 'UNITS';

/** How often the utilization threshold re-alerts while it stays reached. */
export type AlertPolicy =
  /** The crossing and a reached save at once; further takes that local day (the organization's time zone) are listed in one digest sent after the day ends. */
  | 'DAILY_DIGEST'
  /** The default: the crossing, a reached save, and every further operation taking numbers into use. */
  | 'EVERY_ASSIGNMENT';

/** What a usage breakdown has one row for. */
export type BreakdownBy =
  /** One row per direct sub-organization, covering its whole subtree. */
  | 'SUB_ORGANIZATION'
  /** One row per user of the organization or below with usage in the range (others left out). */
  | 'USER';

/** Which billing period a figure covers. A cycle starts at 00:00 on the organization's cycleStartDay in its time zone and ends, exclusive, at the same moment a month later. */
export type CyclePeriod =
  /** Everything recorded for the organization, one series point per cycle. */
  | 'ALL_TIME'
  /** The cycle that contains now. */
  | 'CURRENT'
  /** The cycle before the current one. */
  | 'PAST';

/** A kind of usage. Recorded per event in seconds (VOICE), messages (MESSAGE) or bytes (DATA); reported in minutes, messages and bytes. */
export type UsageType =
  /** Mobile data: recorded and reported in bytes. */
  | 'DATA'
  /** Messages: recorded and reported as a number of messages. */
  | 'MESSAGE'
  /** Calls: recorded in seconds per call, reported in minutes, each call rounded up to the whole minute. */
  | 'VOICE';

export type CycleFiguresFragment = {
  id: string,
  name: string,
  timezone: string,
  rating: {
    voiceInitialSeconds: number,
    voiceIncrementSeconds: number
  },
  cycle: {
    period: CyclePeriod,
    start: string | null,
    end: string,
    newUsers: number,
    activeUsers: number,
    voice: {
      type: UsageType,
      unit: string,
      billable: number,
      total: number,
      billableSeconds: number | null,
      totalSeconds: number | null,
      previous: number | null,
      changePercent: number | null,
      forecast: number | null,
      allowance: number | null,
      percentUsed: number | null,
      forecastPercent: number | null
    },
    message: {
      type: UsageType,
      unit: string,
      billable: number,
      total: number,
      billableSeconds: number | null,
      totalSeconds: number | null,
      previous: number | null,
      changePercent: number | null,
      forecast: number | null,
      allowance: number | null,
      percentUsed: number | null,
      forecastPercent: number | null
    },
    data: {
      type: UsageType,
      unit: string,
      billable: number,
      total: number,
      billableSeconds: number | null,
      totalSeconds: number | null,
      previous: number | null,
      changePercent: number | null,
      forecast: number | null,
      allowance: number | null,
      percentUsed: number | null,
      forecastPercent: number | null
    },
    charges: {
      currency: string,
      fixed: {
        amount: string
      },
      voice: {
        amount: string
      },
      message: {
        amount: string
      },
      data: {
        amount: string
      },
      total: {
        amount: string
      },
      forecastTotal: {
        amount: string
      } | null
    } | null
  }
};

export type CycleFiguresForViewerQueryVariables = Exact<{
  period: CyclePeriod;
}>;


export type CycleFiguresForViewerQuery = {
  viewer: {
    organization: {
      id: string,
      name: string,
      timezone: string,
      rating: {
        voiceInitialSeconds: number,
        voiceIncrementSeconds: number
      },
      cycle: {
        period: CyclePeriod,
        start: string | null,
        end: string,
        newUsers: number,
        activeUsers: number,
        voice: {
          type: UsageType,
          unit: string,
          billable: number,
          total: number,
          billableSeconds: number | null,
          totalSeconds: number | null,
          previous: number | null,
          changePercent: number | null,
          forecast: number | null,
          allowance: number | null,
          percentUsed: number | null,
          forecastPercent: number | null
        },
        message: {
          type: UsageType,
          unit: string,
          billable: number,
          total: number,
          billableSeconds: number | null,
          totalSeconds: number | null,
          previous: number | null,
          changePercent: number | null,
          forecast: number | null,
          allowance: number | null,
          percentUsed: number | null,
          forecastPercent: number | null
        },
        data: {
          type: UsageType,
          unit: string,
          billable: number,
          total: number,
          billableSeconds: number | null,
          totalSeconds: number | null,
          previous: number | null,
          changePercent: number | null,
          forecast: number | null,
          allowance: number | null,
          percentUsed: number | null,
          forecastPercent: number | null
        },
        charges: {
          currency: string,
          fixed: {
            amount: string
          },
          voice: {
            amount: string
          },
          message: {
            amount: string
          },
          data: {
            amount: string
          },
          total: {
            amount: string
          },
          forecastTotal: {
            amount: string
          } | null
        } | null
      }
    } | null
  }
};

export type CycleFiguresQueryVariables = Exact<{
  organizationId: string | number;
  period: CyclePeriod;
}>;


export type CycleFiguresQuery = {
  organization: {
    id: string,
    name: string,
    timezone: string,
    rating: {
      voiceInitialSeconds: number,
      voiceIncrementSeconds: number
    },
    cycle: {
      period: CyclePeriod,
      start: string | null,
      end: string,
      newUsers: number,
      activeUsers: number,
      voice: {
        type: UsageType,
        unit: string,
        billable: number,
        total: number,
        billableSeconds: number | null,
        totalSeconds: number | null,
        previous: number | null,
        changePercent: number | null,
        forecast: number | null,
        allowance: number | null,
        percentUsed: number | null,
        forecastPercent: number | null
      },
      message: {
        type: UsageType,
        unit: string,
        billable: number,
        total: number,
        billableSeconds: number | null,
        totalSeconds: number | null,
        previous: number | null,
        changePercent: number | null,
        forecast: number | null,
        allowance: number | null,
        percentUsed: number | null,
        forecastPercent: number | null
      },
      data: {
        type: UsageType,
        unit: string,
        billable: number,
        total: number,
        billableSeconds: number | null,
        totalSeconds: number | null,
        previous: number | null,
        changePercent: number | null,
        forecast: number | null,
        allowance: number | null,
        percentUsed: number | null,
        forecastPercent: number | null
      },
      charges: {
        currency: string,
        fixed: {
          amount: string
        },
        voice: {
          amount: string
        },
        message: {
          amount: string
        },
        data: {
          amount: string
        },
        total: {
          amount: string
        },
        forecastTotal: {
          amount: string
        } | null
      } | null
    }
  }
};

export type CurrentCycleSeriesFragment = {
  id: string,
  name: string,
  timezone: string,
  cycle: {
    period: CyclePeriod,
    start: string | null,
    end: string,
    dataAsOf: string | null,
    voice: {
      type: UsageType,
      billable: number,
      billableSeconds: number | null,
      forecast: number | null,
      expectedDays: Array<{
        date: string,
        expected: number
      }> | null
    },
    message: {
      type: UsageType,
      billable: number,
      billableSeconds: number | null,
      forecast: number | null,
      expectedDays: Array<{
        date: string,
        expected: number
      }> | null
    },
    data: {
      type: UsageType,
      billable: number,
      billableSeconds: number | null,
      forecast: number | null,
      expectedDays: Array<{
        date: string,
        expected: number
      }> | null
    },
    voiceSeries: Array<{
      date: string,
      billable: number,
      total: number,
      billableSeconds: number | null,
      totalSeconds: number | null
    }>,
    messageSeries: Array<{
      date: string,
      billable: number,
      total: number,
      billableSeconds: number | null,
      totalSeconds: number | null
    }>,
    dataSeries: Array<{
      date: string,
      billable: number,
      total: number,
      billableSeconds: number | null,
      totalSeconds: number | null
    }>
  },
  pastCycle: {
    period: CyclePeriod,
    start: string | null,
    end: string,
    voiceSeries: Array<{
      date: string,
      billable: number,
      total: number,
      billableSeconds: number | null,
      totalSeconds: number | null
    }>,
    messageSeries: Array<{
      date: string,
      billable: number,
      total: number,
      billableSeconds: number | null,
      totalSeconds: number | null
    }>,
    dataSeries: Array<{
      date: string,
      billable: number,
      total: number,
      billableSeconds: number | null,
      totalSeconds: number | null
    }>
  }
};

export type CurrentCycleSeriesForViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type CurrentCycleSeriesForViewerQuery = {
  viewer: {
    organization: {
      id: string,
      name: string,
      timezone: string,
      cycle: {
        period: CyclePeriod,
        start: string | null,
        end: string,
        dataAsOf: string | null,
        voice: {
          type: UsageType,
          billable: number,
          billableSeconds: number | null,
          forecast: number | null,
          expectedDays: Array<{
            date: string,
            expected: number
          }> | null
        },
        message: {
          type: UsageType,
          billable: number,
          billableSeconds: number | null,
          forecast: number | null,
          expectedDays: Array<{
            date: string,
            expected: number
          }> | null
        },
        data: {
          type: UsageType,
          billable: number,
          billableSeconds: number | null,
          forecast: number | null,
          expectedDays: Array<{
            date: string,
            expected: number
          }> | null
        },
        voiceSeries: Array<{
          date: string,
          billable: number,
          total: number,
          billableSeconds: number | null,
          totalSeconds: number | null
        }>,
        messageSeries: Array<{
          date: string,
          billable: number,
          total: number,
          billableSeconds: number | null,
          totalSeconds: number | null
        }>,
        dataSeries: Array<{
          date: string,
          billable: number,
          total: number,
          billableSeconds: number | null,
          totalSeconds: number | null
        }>
      },
      pastCycle: {
        period: CyclePeriod,
        start: string | null,
        end: string,
        voiceSeries: Array<{
          date: string,
          billable: number,
          total: number,
          billableSeconds: number | null,
          totalSeconds: number | null
        }>,
        messageSeries: Array<{
          date: string,
          billable: number,
          total: number,
          billableSeconds: number | null,
          totalSeconds: number | null
        }>,
        dataSeries: Array<{
          date: string,
          billable: number,
          total: number,
          billableSeconds: number | null,
          totalSeconds: number | null
        }>
      }
    } | null
  }
};

export type CurrentCycleSeriesQueryVariables = Exact<{
  organizationId: string | number;
}>;


export type CurrentCycleSeriesQuery = {
  organization: {
    id: string,
    name: string,
    timezone: string,
    cycle: {
      period: CyclePeriod,
      start: string | null,
      end: string,
      dataAsOf: string | null,
      voice: {
        type: UsageType,
        billable: number,
        billableSeconds: number | null,
        forecast: number | null,
        expectedDays: Array<{
          date: string,
          expected: number
        }> | null
      },
      message: {
        type: UsageType,
        billable: number,
        billableSeconds: number | null,
        forecast: number | null,
        expectedDays: Array<{
          date: string,
          expected: number
        }> | null
      },
      data: {
        type: UsageType,
        billable: number,
        billableSeconds: number | null,
        forecast: number | null,
        expectedDays: Array<{
          date: string,
          expected: number
        }> | null
      },
      voiceSeries: Array<{
        date: string,
        billable: number,
        total: number,
        billableSeconds: number | null,
        totalSeconds: number | null
      }>,
      messageSeries: Array<{
        date: string,
        billable: number,
        total: number,
        billableSeconds: number | null,
        totalSeconds: number | null
      }>,
      dataSeries: Array<{
        date: string,
        billable: number,
        total: number,
        billableSeconds: number | null,
        totalSeconds: number | null
      }>
    },
    pastCycle: {
      period: CyclePeriod,
      start: string | null,
      end: string,
      voiceSeries: Array<{
        date: string,
        billable: number,
        total: number,
        billableSeconds: number | null,
        totalSeconds: number | null
      }>,
      messageSeries: Array<{
        date: string,
        billable: number,
        total: number,
        billableSeconds: number | null,
        totalSeconds: number | null
      }>,
      dataSeries: Array<{
        date: string,
        billable: number,
        total: number,
        billableSeconds: number | null,
        totalSeconds: number | null
      }>
    }
  }
};

export type UtilizationSummaryFragment = {
  id: string,
  name: string,
  timezone: string,
  numberUtilization: {
    total: number,
    inUse: number,
    available: number,
    percentInUse: number
  },
  utilizationThreshold: {
    percent: number,
    reached: boolean
  }
};

export type UtilizationSummaryForViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type UtilizationSummaryForViewerQuery = {
  viewer: {
    organization: {
      id: string,
      name: string,
      timezone: string,
      numberUtilization: {
        total: number,
        inUse: number,
        available: number,
        percentInUse: number
      },
      utilizationThreshold: {
        percent: number,
        reached: boolean
      }
    } | null
  }
};

export type UtilizationSummaryQueryVariables = Exact<{
  organizationId: string | number;
}>;


export type UtilizationSummaryQuery = {
  organization: {
    id: string,
    name: string,
    timezone: string,
    numberUtilization: {
      total: number,
      inUse: number,
      available: number,
      percentInUse: number
    },
    utilizationThreshold: {
      percent: number,
      reached: boolean
    }
  }
};

export type UtilizationDetailsFragment = {
  id: string,
  name: string,
  timezone: string,
  numberUtilization: {
    total: number,
    inUse: number,
    available: number,
    allocatedToSubOrganizations: number,
    assigned: number,
    pendingInvitation: number,
    reserved: number,
    registered: number,
    percentInUse: number,
    history: Array<{
      date: string,
      inUse: number,
      total: number
    }>,
    runOut: {
      perDay: number,
      daysLeft: number | null,
      date: string | null
    },
    idle: {
      count: number,
      numbers: Array<{
        id: string,
        number: string,
        user: {
          email: string
        } | null
      }>
    }
  },
  utilizationThreshold: {
    percent: number,
    reached: boolean,
    policy: AlertPolicy
  },
  numberRequestContact: {
    email: string | null,
    phone: string | null,
    message: string
  }
};

export type UtilizationDetailsForViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type UtilizationDetailsForViewerQuery = {
  viewer: {
    organization: {
      id: string,
      name: string,
      timezone: string,
      numberUtilization: {
        total: number,
        inUse: number,
        available: number,
        allocatedToSubOrganizations: number,
        assigned: number,
        pendingInvitation: number,
        reserved: number,
        registered: number,
        percentInUse: number,
        history: Array<{
          date: string,
          inUse: number,
          total: number
        }>,
        runOut: {
          perDay: number,
          daysLeft: number | null,
          date: string | null
        },
        idle: {
          count: number,
          numbers: Array<{
            id: string,
            number: string,
            user: {
              email: string
            } | null
          }>
        }
      },
      utilizationThreshold: {
        percent: number,
        reached: boolean,
        policy: AlertPolicy
      },
      numberRequestContact: {
        email: string | null,
        phone: string | null,
        message: string
      }
    } | null
  }
};

export type UtilizationDetailsQueryVariables = Exact<{
  organizationId: string | number;
}>;


export type UtilizationDetailsQuery = {
  organization: {
    id: string,
    name: string,
    timezone: string,
    numberUtilization: {
      total: number,
      inUse: number,
      available: number,
      allocatedToSubOrganizations: number,
      assigned: number,
      pendingInvitation: number,
      reserved: number,
      registered: number,
      percentInUse: number,
      history: Array<{
        date: string,
        inUse: number,
        total: number
      }>,
      runOut: {
        perDay: number,
        daysLeft: number | null,
        date: string | null
      },
      idle: {
        count: number,
        numbers: Array<{
          id: string,
          number: string,
          user: {
            email: string
          } | null
        }>
      }
    },
    utilizationThreshold: {
      percent: number,
      reached: boolean,
      policy: AlertPolicy
    },
    numberRequestContact: {
      email: string | null,
      phone: string | null,
      message: string
    }
  }
};

export type OrganizationNameFragment = {
  id: string,
  name: string,
  timezone: string
};

export type OrganizationNameForViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type OrganizationNameForViewerQuery = {
  viewer: {
    roles: Array<string>,
    organization: {
      id: string,
      name: string,
      timezone: string
    } | null
  }
};

export type OrganizationNameQueryVariables = Exact<{
  organizationId: string | number;
}>;


export type OrganizationNameQuery = {
  viewer: {
    roles: Array<string>
  },
  organization: {
    id: string,
    name: string,
    timezone: string
  }
};

export type LiveVersionForViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type LiveVersionForViewerQuery = {
  viewer: {
    organization: {
      id: string,
      version: string
    } | null
  }
};

export type LiveVersionQueryVariables = Exact<{
  organizationId: string | number;
}>;


export type LiveVersionQuery = {
  organization: {
    id: string,
    version: string
  }
};

export type SetUtilizationThresholdMutationVariables = Exact<{
  organizationId: string | number;
  percent: number;
  policy?: AlertPolicy | null | undefined;
}>;


export type SetUtilizationThresholdMutation = {
  setUtilizationThreshold: {
    percent: number,
    reached: boolean,
    policy: AlertPolicy
  }
};

export type RequestMoreNumbersMutationVariables = Exact<{
  organizationId: string | number;
  quantity?: number | null | undefined;
  note?: string | null | undefined;
}>;


export type RequestMoreNumbersMutation = {
  requestMoreNumbers: {
    id: string,
    createdAt: string,
    quantity: number | null,
    note: string | null,
    contact: {
      email: string | null,
      phone: string | null,
      message: string
    }
  }
};

export type AlertSettingsFragment = {
  id: string,
  name: string,
  timezone: string,
  usageAlerts: Array<{
    id: string,
    type: UsageType,
    threshold: number,
    basis: AlertBasis,
    measure: AlertMeasure,
    enabled: boolean
  }>,
  cycle: {
    voice: {
      allowance: number | null
    },
    message: {
      allowance: number | null
    },
    data: {
      allowance: number | null
    }
  },
  webhooks: Array<{
    id: string,
    url: string,
    enabled: boolean,
    secretHint: string,
    deliveries: Array<{
      eventId: string,
      type: string,
      attempts: number,
      lastStatus: number | null,
      lastError: string | null,
      createdAt: string,
      deliveredAt: string | null,
      gaveUpAt: string | null
    }>
  }>
};

export type AlertSettingsForViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type AlertSettingsForViewerQuery = {
  viewer: {
    roles: Array<string>,
    organization: {
      id: string,
      name: string,
      timezone: string,
      usageAlerts: Array<{
        id: string,
        type: UsageType,
        threshold: number,
        basis: AlertBasis,
        measure: AlertMeasure,
        enabled: boolean
      }>,
      cycle: {
        voice: {
          allowance: number | null
        },
        message: {
          allowance: number | null
        },
        data: {
          allowance: number | null
        }
      },
      webhooks: Array<{
        id: string,
        url: string,
        enabled: boolean,
        secretHint: string,
        deliveries: Array<{
          eventId: string,
          type: string,
          attempts: number,
          lastStatus: number | null,
          lastError: string | null,
          createdAt: string,
          deliveredAt: string | null,
          gaveUpAt: string | null
        }>
      }>
    } | null
  }
};

export type AlertSettingsQueryVariables = Exact<{
  organizationId: string | number;
}>;


export type AlertSettingsQuery = {
  viewer: {
    roles: Array<string>
  },
  organization: {
    id: string,
    name: string,
    timezone: string,
    usageAlerts: Array<{
      id: string,
      type: UsageType,
      threshold: number,
      basis: AlertBasis,
      measure: AlertMeasure,
      enabled: boolean
    }>,
    cycle: {
      voice: {
        allowance: number | null
      },
      message: {
        allowance: number | null
      },
      data: {
        allowance: number | null
      }
    },
    webhooks: Array<{
      id: string,
      url: string,
      enabled: boolean,
      secretHint: string,
      deliveries: Array<{
        eventId: string,
        type: string,
        attempts: number,
        lastStatus: number | null,
        lastError: string | null,
        createdAt: string,
        deliveredAt: string | null,
        gaveUpAt: string | null
      }>
    }>
  }
};

export type CreateUsageAlertMutationVariables = Exact<{
  organizationId: string | number;
  type: UsageType;
  threshold: number;
  basis?: AlertBasis | null | undefined;
  measure?: AlertMeasure | null | undefined;
  enabled?: boolean | null | undefined;
}>;


export type CreateUsageAlertMutation = {
  createUsageAlert: {
    id: string
  }
};

export type UpdateUsageAlertMutationVariables = Exact<{
  id: string | number;
  threshold?: number | null | undefined;
  basis?: AlertBasis | null | undefined;
  measure?: AlertMeasure | null | undefined;
  enabled?: boolean | null | undefined;
}>;


export type UpdateUsageAlertMutation = {
  updateUsageAlert: {
    id: string
  }
};

export type DeleteUsageAlertMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteUsageAlertMutation = {
  deleteUsageAlert: boolean
};

export type CreateWebhookMutationVariables = Exact<{
  organizationId: string | number;
  url: string;
}>;


export type CreateWebhookMutation = {
  createWebhook: {
    secret: string,
    webhook: {
      id: string
    }
  }
};

export type UpdateWebhookMutationVariables = Exact<{
  id: string | number;
  url?: string | null | undefined;
  enabled?: boolean | null | undefined;
}>;


export type UpdateWebhookMutation = {
  updateWebhook: {
    id: string
  }
};

export type DeleteWebhookMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteWebhookMutation = {
  deleteWebhook: boolean
};

export type TestWebhookMutationVariables = Exact<{
  id: string | number;
}>;


export type TestWebhookMutation = {
  testWebhook: boolean
};

export type ReportOrganizationFragment = {
  id: string,
  name: string,
  timezone: string,
  cycleStartDay: number
};

export type ReportOrganizationForViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ReportOrganizationForViewerQuery = {
  viewer: {
    organization: {
      id: string,
      name: string,
      timezone: string,
      cycleStartDay: number
    } | null
  }
};

export type ReportOrganizationQueryVariables = Exact<{
  organizationId: string | number;
}>;


export type ReportOrganizationQuery = {
  organization: {
    id: string,
    name: string,
    timezone: string,
    cycleStartDay: number
  }
};

export type ReportAmountsFragment = {
  type: UsageType,
  billable: number,
  total: number
};

export type UsageReportQueryVariables = Exact<{
  organizationId: string | number;
  from: string;
  to: string;
  withDays: boolean;
  withBreakdown: boolean;
  by: BreakdownBy;
  orderBy?: UsageType | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type UsageReportQuery = {
  organization: {
    id: string,
    usage: {
      from: string,
      to: string,
      voice: {
        type: UsageType,
        billable: number,
        total: number
      },
      message: {
        type: UsageType,
        billable: number,
        total: number
      },
      data: {
        type: UsageType,
        billable: number,
        total: number
      },
      voiceDays?: Array<{
        date: string,
        billable: number,
        total: number
      }>,
      messageDays?: Array<{
        date: string,
        billable: number,
        total: number
      }>,
      dataDays?: Array<{
        date: string,
        billable: number,
        total: number
      }>
    },
    usageBreakdown?: {
      nextCursor: string | null,
      rows: Array<{
        user: {
          id: string,
          email: string
        } | null,
        organization: {
          id: string,
          name: string
        },
        voice: {
          type: UsageType,
          billable: number,
          total: number
        },
        message: {
          type: UsageType,
          billable: number,
          total: number
        },
        data: {
          type: UsageType,
          billable: number,
          total: number
        }
      }>,
      unattributed: Array<{
        type: UsageType,
        billable: number,
        total: number
      }>
    }
  }
};
