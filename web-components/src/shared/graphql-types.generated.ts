/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
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
      forecast: number | null
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
      forecast: number | null
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
      forecast: number | null
    }
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
          forecast: number | null
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
          forecast: number | null
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
          forecast: number | null
        }
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
        forecast: number | null
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
        forecast: number | null
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
        forecast: number | null
      }
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
      forecast: number | null
    },
    message: {
      type: UsageType,
      billable: number,
      billableSeconds: number | null,
      forecast: number | null
    },
    data: {
      type: UsageType,
      billable: number,
      billableSeconds: number | null,
      forecast: number | null
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
          forecast: number | null
        },
        message: {
          type: UsageType,
          billable: number,
          billableSeconds: number | null,
          forecast: number | null
        },
        data: {
          type: UsageType,
          billable: number,
          billableSeconds: number | null,
          forecast: number | null
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
        forecast: number | null
      },
      message: {
        type: UsageType,
        billable: number,
        billableSeconds: number | null,
        forecast: number | null
      },
      data: {
        type: UsageType,
        billable: number,
        billableSeconds: number | null,
        forecast: number | null
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
    }
  },
  utilizationThreshold: {
    percent: number,
    reached: boolean
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
        }
      },
      utilizationThreshold: {
        percent: number,
        reached: boolean
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
      }
    },
    utilizationThreshold: {
      percent: number,
      reached: boolean
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
  organization: {
    id: string,
    name: string,
    timezone: string
  }
};

export type SetUtilizationThresholdMutationVariables = Exact<{
  organizationId: string | number;
  percent: number;
}>;


export type SetUtilizationThresholdMutation = {
  setUtilizationThreshold: {
    percent: number,
    reached: boolean
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
