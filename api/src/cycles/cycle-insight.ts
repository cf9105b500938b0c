import { addDays, cycleBoundsAt, datesInRange, localDateOf, shiftCycleStartDate } from '../common/calendar';
import { CyclePeriod } from './cycle-figures';
import { UsageType } from '../rating/usage-type';
import { RollupRow } from '../usage/usage-rollup.entity';
import { changePercent, forecastWithExpectedDays, type ExpectedDay } from './usage-insight';
import { minutesOfRatedSeconds } from '../rating/rating';

/** Comparison and forecast of one usage type (DESIGN.md §5); null where the period has none. */
export interface UsageInsight {
  previous: number | null;
  changePercent: number | null;
  forecast: number | null;
  /** CURRENT only: expected(d) of each day after today, which the forecast sums; null with no forecast. */
  expectedDays: ExpectedDay[] | null;
}

export interface CycleInsight {
  byType: Record<UsageType, UsageInsight>;
  /** The latest time any usage event in scope was first stored; null when none was. */
  dataAsOf: Date | null;
}

export interface CycleInsightInput {
  period: CyclePeriod;
  now: Date;
  timezone: string;
  cycleStartDay: number;
  /** The same rollup rows as the figures: DAY rows since the past cycle's start, every CYCLE row. */
  rows: RollupRow[];
  /** Billable of the period, per type, as the rows hold it (VOICE: rated seconds). */
  billable: Record<UsageType, number>;
}

/** Rows hold VOICE in rated seconds; its insight is reported in minutes (DESIGN §8). */
const UNIT_DIVISOR: Record<UsageType, number> = { [UsageType.VOICE]: 60, [UsageType.MESSAGE]: 1, [UsageType.DATA]: 1 };
const reported = (type: UsageType, stored: number) =>
  type === UsageType.VOICE ? minutesOfRatedSeconds(stored) : stored;

/** previous and changePercent in the reported unit, from stored amounts (the percent on the reported figures). */
function comparison(
  type: UsageType,
  billable: number,
  previousStored: number,
): Omit<UsageInsight, 'forecast' | 'expectedDays'> {
  const previous = reported(type, previousStored);
  return { previous, changePercent: changePercent(reported(type, billable), previous) };
}

const TYPES = [UsageType.VOICE, UsageType.MESSAGE, UsageType.DATA] as const;
type Billables = [number, number, number];

/** What the insight needs from the rows, gathered in one pass. */
interface RowSummary {
  dataAsOf: number | null;
  dayBillable: Map<string, Billables>;
  cycleBillable: Map<string, Billables>;
  firstDayWithUsage: string | null;
}

function summarize(rows: RollupRow[], pastStart: string): RowSummary {
  const summary: RowSummary = {
    dataAsOf: null,
    dayBillable: new Map(),
    cycleBillable: new Map(),
    firstDayWithUsage: null,
  };
  const addTo = (map: Map<string, Billables>, r: RollupRow) => {
    const b = map.get(r.periodDate);
    if (b) {
      b[0] += r.voiceBillable;
      b[1] += r.messageBillable;
      b[2] += r.dataBillable;
    } else map.set(r.periodDate, [r.voiceBillable, r.messageBillable, r.dataBillable]);
  };
  for (const r of rows) {
    const hasUsage = r.lastStoredAt !== null;
    if (r.grain === 'DAY') addTo(summary.dayBillable, r);
    else {
      addTo(summary.cycleBillable, r);
      if (hasUsage && (summary.dataAsOf === null || r.lastStoredAt! > summary.dataAsOf))
        summary.dataAsOf = r.lastStoredAt;
    }
    // Days before the past cycle are known by their cycle only: its start stands for them, as any day
    // that far back weighs the same in the forecast (it looks 4 weeks back).
    const countsAsDay = r.grain === 'DAY' || r.periodDate < pastStart;
    if (hasUsage && countsAsDay && (summary.firstDayWithUsage === null || r.periodDate < summary.firstDayWithUsage)) {
      summary.firstDayWithUsage = r.periodDate;
    }
  }
  return summary;
}

const none = (): Record<UsageType, UsageInsight> =>
  Object.fromEntries(
    TYPES.map((t) => [t, { previous: null, changePercent: null, forecast: null, expectedDays: null }]),
  ) as Record<UsageType, UsageInsight>;

/** Comparison, forecast and freshness of a period, from the rollup rows; no I/O. */
export function computeCycleInsight(input: CycleInsightInput): CycleInsight {
  const { period, now, timezone, cycleStartDay, billable } = input;
  const current = cycleBoundsAt(now, timezone, cycleStartDay, 0);
  const past = cycleBoundsAt(now, timezone, cycleStartDay, -1);
  const summary = summarize(input.rows, past.startDate);
  const dataAsOf = summary.dataAsOf === null ? null : new Date(summary.dataAsOf);
  if (period === CyclePeriod.ALL_TIME) return { byType: none(), dataAsOf };
  const byType = none();
  if (period === CyclePeriod.PAST) {
    const before = summary.cycleBillable.get(shiftCycleStartDate(past.startDate, -1, cycleStartDay));
    TYPES.forEach((type, i) => {
      byType[type] = { ...comparison(type, billable[type], before?.[i] ?? 0), forecast: null, expectedDays: null };
    });
    return { byType, dataAsOf };
  }
  const today = localDateOf(now, timezone);
  // The past cycle's first N days, N = days elapsed in this one, today included.
  const elapsed = datesInRange(current.startDate, addDays(today, 1)).length;
  const comparable = datesInRange(past.startDate, past.endDate).slice(0, elapsed);
  TYPES.forEach((type, i) => {
    const previous = comparable.reduce((sum, d) => sum + (summary.dayBillable.get(d)?.[i] ?? 0), 0);
    const days = {
      today,
      lastDay: addDays(current.endDate, -1),
      firstDayWithUsage: summary.firstDayWithUsage,
      billableOn: (d: string) => summary.dayBillable.get(d)?.[i] ?? 0,
      unitDivisor: UNIT_DIVISOR[type],
    };
    byType[type] = {
      ...comparison(type, billable[type], previous),
      ...forecastWithExpectedDays({ ...days, billableSoFar: billable[type] }),
    };
  });
  return { byType, dataAsOf };
}
