import { AppDeps } from '../db/app-deps';
import { CONTRACT_LIMITS } from '../common/contract';
import { DomainError } from '../common/domain-error';
import { UsageType } from '../rating/usage-type';
import { Organization } from '../organizations/organization.entity';
import { OrganizationService } from '../organizations/organization.service';
import { idsOnPath } from '../organizations/organization-path';
import {
  addSums,
  dayAmounts,
  decodeCursor,
  encodeCursor,
  TYPE_COUNTERS,
  USAGE_TYPES,
  usageTotal,
  zeroSums,
} from './report-figures';
import { parseReportRange, ReportRange } from './report-range';
import {
  organizationsUsageStatement,
  rangeDaysStatement,
  subtreeIdsStatement,
  Statement,
  toSums,
  unattributedStatement,
  UsageSums,
  userCsvStatement,
  userEmailsStatement,
  userIdBoundsStatement,
  userPageStatement,
} from './report.repository';
import {
  csvAmounts,
  csvChunks,
  CSV_CHUNK_CHARS,
  CsvBy,
  csvField,
  csvLine,
  csvSumsAmounts,
  csvSumsText,
} from './usage-csv';
import { BreakdownBy, BreakdownRow, UsageBreakdown, UsageRange } from './report.types';

export interface BreakdownArgs {
  from: string;
  to: string;
  by: BreakdownBy;
  orderBy: UsageType;
  first: number;
  after: string | null;
}

/**
 * Starts an iterator now (its first step, e.g. sending its query, runs while the caller is busy
 * elsewhere); `rows()` iterates it later from the start; `close()` ends it when it is never iterated.
 */
function started<T>(it: AsyncGenerator<T>): { rows(): AsyncGenerator<T>; close(): Promise<unknown> } {
  const first = it.next();
  first.catch(() => undefined); // rethrown by rows(); unobserved when the file is abandoned first
  return {
    async *rows() {
      try {
        const step = await first;
        if (step.done) return;
        yield step.value;
        yield* it;
      } finally {
        await it.return(undefined);
      }
    },
    close: () => it.return(undefined),
  };
}

/** User ids per CSV query. */
const CSV_USER_SLICE = 10_000;

type Totals = Pick<BreakdownRow, 'voice' | 'message' | 'data'>;

function totalsOf(sums: UsageSums): Totals {
  return {
    voice: usageTotal(UsageType.VOICE, sums),
    message: usageTotal(UsageType.MESSAGE, sums),
    data: usageTotal(UsageType.DATA, sums),
  };
}

/** Reports over any range of local days, answered from rollups only (DESIGN §6). */
export class ReportService {
  constructor(
    private readonly deps: AppDeps,
    private readonly organizations: OrganizationService,
  ) {}

  private async read(statement: Statement): Promise<Array<Record<string, unknown>>> {
    // Reports read committed usage; a replica's lag is no worse than ingestion's own delay.
    return this.deps.db.replicaQuery(statement.sql, statement.params);
  }

  /** The organization and everything below it: ids and paths. */
  private async subtree(org: Organization): Promise<Array<{ id: number; path: string }>> {
    const rows = await this.read(subtreeIdsStatement(org.path));
    return rows.map((r) => ({ id: Number(r.id), path: String(r.path) }));
  }

  /** Day rows of the organization's range (SELF, or its tree), every day present, zeros included. */
  async dayRows(org: Organization, range: ReportRange, includeSubOrganizations: boolean) {
    const rows = await this.read(rangeDaysStatement(org.id, includeSubOrganizations, range));
    // TREE: a day's SELF and SUBS rows both come back and add up.
    return dayAmounts(
      range,
      rows.map((r) => ({ date: String(r.date), ...toSums(r) })),
    );
  }

  async usage(org: Organization, from: string, to: string, includeSubOrganizations: boolean): Promise<UsageRange> {
    const range = parseReportRange(from, to);
    const { days, sums } = await this.dayRows(org, range, includeSubOrganizations);
    return { ...range, ...totalsOf(sums), days };
  }

  async breakdown(org: Organization, args: BreakdownArgs): Promise<UsageBreakdown> {
    const range = parseReportRange(args.from, args.to);
    const { min, max } = CONTRACT_LIMITS.breakdownPageSize;
    if (!Number.isInteger(args.first) || args.first < min || args.first > max) {
      throw DomainError.invalidInput('first', `first must be from ${min} to ${max}`);
    }
    const after = args.after ? decodeCursor(args.after) : null;
    const orderCounter = TYPE_COUNTERS[args.orderBy ?? UsageType.VOICE].billable;
    if (args.by === BreakdownBy.SUB_ORGANIZATION) {
      const rows = await this.subOrganizationRows(org, range);
      const ordered = rows
        .map((row) => ({ row, value: row.sums[orderCounter], id: row.organizationId }))
        .sort((a, b) => b.value - a.value || a.id - b.id)
        .filter((r) => !after || r.value < after.value || (r.value === after.value && r.id > after.id));
      return this.page(
        ordered.map((r) => ({ ...r, row: { userId: null, organizationId: r.id, ...totalsOf(r.row.sums) } })),
        args.first,
        [],
      );
    }
    const ids = (await this.subtree(org)).map((o) => o.id);
    const page = { timezone: org.timezone, organizationIds: ids, range, orderCounter, limit: args.first + 1, after };
    const [found, unattributed] = await Promise.all([
      this.read(userPageStatement(page)),
      this.read(unattributedStatement(org.timezone, ids, range)),
    ]);
    const rows = found.map((r) => {
      const sums = toSums(r);
      const row = { userId: Number(r.id), organizationId: Number(r.organizationId), ...totalsOf(sums) };
      return { row, value: sums[orderCounter], id: row.userId };
    });
    const loose = toSums(unattributed[0] ?? {});
    return this.page(
      rows,
      args.first,
      USAGE_TYPES.map((type) => usageTotal(type, loose)),
    );
  }

  /**
   * The CSV's lines after the header (key columns, then the usage columns) in pieces of about
   * CSV_CHUNK_CHARS, read from the database's cursor for users, so memory does not grow with the rows.
   */
  async *csvText(org: Organization, range: ReportRange, by: CsvBy, includeSubOrganizations: boolean) {
    if (by === 'day') {
      const { days } = await this.dayRows(org, range, includeSubOrganizations);
      yield* csvChunks(days.VOICE.map((d, i) => csvLine([d.date, ...csvAmounts((t) => days[t][i])])));
    } else if (by === 'user') {
      const ids = includeSubOrganizations ? (await this.subtree(org)).map((o) => o.id) : [org.id];
      const [bounds] = await this.read(userIdBoundsStatement(ids));
      const [low, high] = [Number(bounds?.low ?? 1), Number(bounds?.high ?? 0)];
      // Slices of user ids: each reads only its users' rows (a range of the primary key under every
      // period), so the database groups a few thousand users at a time and the first lines leave early.
      // The next slice's queries start while this one's lines are written: the database groups it
      // meanwhile (it sends nothing before the grouping is done, and no more than the cursor takes).
      const slice = (from: number) => {
        const users = { from, to: Math.min(high, from + CSV_USER_SLICE - 1) };
        return started(this.userCsvSlice(org.timezone, ids, range, users));
      };
      let next = low <= high ? slice(low) : null;
      try {
        for (let from = low; next; from += CSV_USER_SLICE) {
          const current = next;
          next = from + CSV_USER_SLICE <= high ? slice(from + CSV_USER_SLICE) : null;
          yield* current.rows();
        }
      } finally {
        await next?.close();
      }
    } else if (includeSubOrganizations) {
      const rows = await this.subOrganizationRows(org, range);
      rows.sort((a, b) => a.organizationId - b.organizationId);
      yield* csvChunks(rows.map((r) => csvLine([r.organizationId, r.name, ...csvSumsAmounts(r.sums)])));
    }
  }

  /**
   * One slice of the user CSV: its users with usage, in id order, each with its email (a user no longer
   * in app_user is left out). The emails are read beside the sums, at most one per user id of the slice.
   */
  private async *userCsvSlice(
    timezone: string,
    ids: readonly number[],
    range: ReportRange,
    users: { from: number; to: number },
  ): AsyncGenerator<string> {
    const emailRows = this.read(userEmailsStatement(users));
    emailRows.catch(() => undefined); // awaited below; the sums' failure may come first
    const { sql, params } = userCsvStatement(timezone, ids, range, users);
    let emails: unknown[] | null = null;
    let text = '';
    for await (const row of this.deps.db.streamRows<Record<string, unknown>>(sql, params)) {
      if (!emails) {
        emails = new Array(users.to - users.from + 1);
        for (const user of await emailRows) emails[Number(user.id) - users.from] = user.email;
      }
      const id = Number(row.id);
      const email = emails[id - users.from];
      if (email === undefined) continue;
      // The line as csvLine writes it (numbers are never quoted), without building its record.
      text += `${id},${csvField(email)},${Number(row.organizationId)},${csvSumsText(toSums(row))}\r\n`;
      if (text.length < CSV_CHUNK_CHARS) continue;
      yield text;
      text = '';
    }
    if (text) yield text;
  }

  private page(
    ordered: Array<{ row: BreakdownRow; value: number; id: number }>,
    first: number,
    unattributed: UsageBreakdown['unattributed'],
  ): UsageBreakdown {
    const rows = ordered.slice(0, first);
    const last = rows[rows.length - 1];
    return {
      rows: rows.map((r) => r.row),
      nextCursor: ordered.length > first && last ? encodeCursor(last.value, last.id) : null,
      unattributed,
    };
  }

  /** Each direct child of the organization with its subtree's usage over the range (zeros included). */
  async subOrganizationRows(
    org: Organization,
    range: ReportRange,
  ): Promise<Array<{ organizationId: number; name: string; sums: UsageSums }>> {
    const below = (await this.subtree(org)).filter((o) => o.id !== org.id);
    const children = (await this.organizations.children([org.id])).get(org.id) ?? [];
    const ids = below.map((o) => o.id);
    const rows = ids.length ? await this.read(organizationsUsageStatement(org.timezone, ids, range)) : [];
    const depth = idsOnPath(org.path).length;
    const pathOf = new Map(below.map((o) => [o.id, o.path]));
    const byChild = new Map(children.map((c) => [c.id, zeroSums()]));
    for (const row of rows) {
      const childId = idsOnPath(pathOf.get(Number(row.organizationId)) ?? '')[depth];
      const sums = byChild.get(childId);
      if (sums) addSums(sums, toSums(row));
    }
    return children.map((c) => ({ organizationId: c.id, name: c.name, sums: byChild.get(c.id)! }));
  }
}
