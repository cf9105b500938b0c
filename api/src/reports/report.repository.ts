import { ROLLUP_COUNTERS } from '../usage/usage-rollup.entity';
import { COUNTER_COLUMNS } from '../usage/rollup.service';
import { NO_USER } from '../usage/user-usage-rollup.entity';
import { subtreeRange } from '../organizations/organization-path';
import { datesOf, daysInRange, ReportRange, rangePieces } from './report-range';

/** The usage counters a report reads (user lifecycle counters are not usage). */
export const USAGE_COUNTERS = [
  'voiceBillable',
  'voiceTotal',
  'messageBillable',
  'messageTotal',
  'dataBillable',
  'dataTotal',
] as const satisfies ReadonlyArray<(typeof ROLLUP_COUNTERS)[number]>;
const USAGE_COLUMNS = USAGE_COUNTERS.map((c) => COUNTER_COLUMNS[ROLLUP_COUNTERS.indexOf(c)]);
export type UsageCounter = (typeof USAGE_COUNTERS)[number];
export type UsageSums = Record<UsageCounter, number>;

/** SUM of every usage counter, named as the counter ('SUM(r.voice_billable) AS voiceBillable, …'). */
const SUMS = USAGE_COUNTERS.map((c, i) => `SUM(r.${USAGE_COLUMNS[i]}) AS ${c}`).join(', ');
const ANY_USAGE = USAGE_COLUMNS.filter((c) => c.endsWith('_total'))
  .map((c) => `SUM(r.${c})`)
  .join(' + ');

/** mysql2 answers SUM over BIGINT as a decimal string, SQLite as a number. */
export function toSums(row: Record<string, unknown>): UsageSums {
  // Spelled out: it runs once per line of a CSV of every user.
  return {
    voiceBillable: Number(row.voiceBillable ?? 0),
    voiceTotal: Number(row.voiceTotal ?? 0),
    messageBillable: Number(row.messageBillable ?? 0),
    messageTotal: Number(row.messageTotal ?? 0),
    dataBillable: Number(row.dataBillable ?? 0),
    dataTotal: Number(row.dataTotal ?? 0),
  };
}

export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * Most (period, organization) pairs a CSV slice lists as equality prefixes of the primary key: the
 * optimizer holds one range per pair in memory (MySQL gives up on ranges past range_optimizer_max_mem_size).
 */
const LISTED_RANGES_MAX = 4000;

/**
 * Rows of user_usage_rollup in the queried zone covering the range: whole months as MONTH rows, the rest
 * as days. With `organizations` (how many the statement reads), the loose days are listed one by one
 * when few enough: each (day, organization) is then an equality prefix of the primary key, so a range of
 * user ids narrows the read of every day (under a BETWEEN of days it reads every user's rows of them).
 */
function rangeCondition(timezone: string, range: ReportRange, organizations = 0): Statement {
  const { months, days } = rangePieces(range);
  const dayCount = days.reduce((n, d) => n + daysInRange(d), 0);
  const listed = organizations > 0 && (dayCount + months.length) * organizations <= LISTED_RANGES_MAX;
  const parts: string[] = [];
  const params: unknown[] = [timezone];
  if (listed && days.length) {
    const dates = days.flatMap((d) => datesOf(d));
    parts.push(`(r.grain = 'DAY' AND r.period_date IN (${dates.map(() => '?').join(',')}))`);
    params.push(...dates);
  } else {
    for (const d of days) {
      parts.push(`(r.grain = 'DAY' AND r.period_date BETWEEN ? AND ?)`);
      params.push(d.from, d.to);
    }
  }
  if (months.length) {
    parts.push(`(r.grain = 'MONTH' AND r.period_date IN (${months.map(() => '?').join(',')}))`);
    params.push(...months);
  }
  return { sql: `r.timezone = ? AND (${parts.join(' OR ')})`, params };
}

/** Rows of the given organizations (a subtree's ids, read first): no join per rollup row. */
function organizationsCondition(ids: readonly number[]): Statement {
  return { sql: `r.organization_id IN (${ids.map(() => '?').join(',')})`, params: [...ids] };
}

/** The ids of the organization at `path` and everything below it. */
export function subtreeIdsStatement(path: string): Statement {
  const [low, high] = subtreeRange(path);
  return { sql: 'SELECT id, path FROM organization WHERE path >= ? AND path < ?', params: [low, high] };
}

/** Day rows of usage_rollup for one organization (SELF, or SELF and SUBS for its tree) over the range. */
export function rangeDaysStatement(organizationId: number, tree: boolean, range: ReportRange): Statement {
  return {
    sql: `SELECT period_date AS date, ${USAGE_COUNTERS.map((c, i) => `${USAGE_COLUMNS[i]} AS ${c}`).join(', ')}
            FROM usage_rollup
           WHERE organization_id = ? AND scope IN (?, ?) AND grain = 'DAY' AND period_date BETWEEN ? AND ?`,
    params: [organizationId, 'SELF', tree ? 'SUBS' : 'SELF', range.from, range.to],
  };
}

export interface UserPageQuery {
  timezone: string;
  /** The organization and everything below it. */
  organizationIds: readonly number[];
  range: ReportRange;
  /** The counter rows are ordered by (descending), e.g. 'voiceBillable'. */
  orderCounter: UsageCounter;
  limit: number;
  /** Keyset: rows after (value, id) in the order. */
  after: { value: number; id: number } | null;
}

/**
 * One page of users with usage in the range (organization and below), ordered by a counter
 * descending, then user id; users whose totals are all zero are left out.
 */
export function userPageStatement(q: UserPageQuery): Statement {
  const single = singlePeriod(q.range);
  if (single) return singlePeriodUserPage(q, single);
  const range = rangeCondition(q.timezone, q.range);
  const tree = organizationsCondition(q.organizationIds);
  const keyset = q.after ? ` AND (${q.orderCounter} < ? OR (${q.orderCounter} = ? AND r.user_id > ?))` : '';
  return {
    sql: `SELECT r.user_id AS id, MIN(r.organization_id) AS organizationId, ${SUMS}
            FROM user_usage_rollup r
           WHERE ${range.sql} AND ${tree.sql} AND r.user_id <> ${NO_USER}
           GROUP BY r.user_id
          HAVING ${ANY_USAGE} > 0${keyset}
           ORDER BY ${q.orderCounter} DESC, r.user_id ASC
           LIMIT ${Math.floor(q.limit)}`,
    params: [...range.params, ...tree.params, ...(q.after ? [q.after.value, q.after.value, q.after.id] : [])],
  };
}

/** The one rollup period a range is, when it is one: a whole calendar month or a single day. */
function singlePeriod(range: ReportRange): { grain: 'DAY' | 'MONTH'; date: string } | null {
  const { months, days } = rangePieces(range);
  if (months.length === 1 && !days.length) return { grain: 'MONTH', date: months[0] };
  if (!months.length && days.length === 1 && days[0].from === days[0].to) return { grain: 'DAY', date: days[0].from };
  return null;
}

/**
 * A range of one rollup period (a billing cycle on calendar months, a day) holds one row per user:
 * no grouping, so the database keeps only the top rows while it scans instead of grouping them all.
 */
function singlePeriodUserPage(q: UserPageQuery, period: { grain: 'DAY' | 'MONTH'; date: string }): Statement {
  const tree = organizationsCondition(q.organizationIds);
  const column = `r.${USAGE_COLUMNS[USAGE_COUNTERS.indexOf(q.orderCounter)]}`;
  const anyUsage = USAGE_COLUMNS.filter((c) => c.endsWith('_total'))
    .map((c) => `r.${c}`)
    .join(' + ');
  const keyset = q.after ? ` AND (${column} < ? OR (${column} = ? AND r.user_id > ?))` : '';
  return {
    sql: `SELECT r.user_id AS id, r.organization_id AS organizationId,
                 ${USAGE_COUNTERS.map((c, i) => `r.${USAGE_COLUMNS[i]} AS ${c}`).join(', ')}
            FROM user_usage_rollup r
           WHERE r.timezone = ? AND r.grain = ? AND r.period_date = ? AND ${tree.sql}
             AND r.user_id <> ${NO_USER} AND ${anyUsage} > 0${keyset}
           ORDER BY ${column} DESC, r.user_id ASC
           LIMIT ${Math.floor(q.limit)}`,
    params: [
      q.timezone,
      period.grain,
      period.date,
      ...tree.params,
      ...(q.after ? [q.after.value, q.after.value, q.after.id] : []),
    ],
  };
}

/** Usage of events without a user, the organization and below. */
export function unattributedStatement(timezone: string, ids: readonly number[], range: ReportRange): Statement {
  const r = rangeCondition(timezone, range);
  const tree = organizationsCondition(ids);
  return {
    sql: `SELECT ${SUMS} FROM user_usage_rollup r
           WHERE ${r.sql} AND ${tree.sql} AND r.user_id = ${NO_USER}`,
    params: [...r.params, ...tree.params],
  };
}

/** Usage per organization of `ids` (the caller folds them into direct children). */
export function organizationsUsageStatement(timezone: string, ids: readonly number[], range: ReportRange): Statement {
  const r = rangeCondition(timezone, range);
  const tree = organizationsCondition(ids);
  return {
    sql: `SELECT r.organization_id AS organizationId, ${SUMS}
            FROM user_usage_rollup r
           WHERE ${r.sql} AND ${tree.sql}
           GROUP BY r.organization_id`,
    params: [...r.params, ...tree.params],
  };
}

/**
 * The users of the given organizations with ids in `users` that have usage in the range, in id order:
 * one slice of the CSV. Grouped without joining app_user (a join would look up a user once per
 * rollup row, before grouping); the emails come from userEmailsStatement, one row per user.
 */
export function userCsvStatement(
  timezone: string,
  ids: readonly number[],
  range: ReportRange,
  users: { from: number; to: number },
): Statement {
  const r = rangeCondition(timezone, range, ids.length);
  const tree = organizationsCondition(ids);
  return {
    sql: `SELECT r.user_id AS id, MIN(r.organization_id) AS organizationId, ${SUMS}
            FROM user_usage_rollup r
           WHERE ${r.sql} AND ${tree.sql} AND r.user_id BETWEEN ? AND ?
           GROUP BY r.user_id
          HAVING ${ANY_USAGE} > 0
           ORDER BY r.user_id`,
    params: [...r.params, ...tree.params, users.from, users.to],
  };
}

/** The email of every user with an id in `users` (a slice of the CSV: at most its width of rows). */
export function userEmailsStatement(users: { from: number; to: number }): Statement {
  return { sql: 'SELECT id, email FROM app_user WHERE id BETWEEN ? AND ?', params: [users.from, users.to] };
}

/** The lowest and highest user id of the given organizations (null and null without users). */
export function userIdBoundsStatement(ids: readonly number[]): Statement {
  return {
    sql: `SELECT MIN(id) AS low, MAX(id) AS high FROM app_user
           WHERE organization_id IN (${ids.map(() => '?').join(',')})`,
    params: [...ids],
  };
}
