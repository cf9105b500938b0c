import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { CAN } from '../auth/roles';
import { CONTRACT_LIMITS } from '../common/contract';
import { RequestContext } from '../auth/request-context';
import { reportedAmount } from '../cycles/cycle-figures';
import { UsagePoint } from '../cycles/cycle.types';
import { UsageType } from '../rating/usage-type';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { bucketSeries } from './report-figures';
import { Granularity } from './report-range';
import { BreakdownBy, BreakdownRow, UsageBreakdown, UsageRange } from './report.types';
import { ReportService } from './report.service';
import { OrganizationLoaders } from '../organizations/organization.loaders';
import { UserLoaders } from '../users/user.loaders';

/** The services and loaders these resolvers use. */
type ReportContext = RequestContext<
  { reports: ReportService },
  Pick<OrganizationLoaders, 'organization'> & UserLoaders
>;

const RANGE_DAYS = CONTRACT_LIMITS.reportRangeDays;
const PAGE = CONTRACT_LIMITS.breakdownPageSize;

@ArgsType()
class RangeArgs {
  @Field({ description: "First local day (YYYY-MM-DD, the organization's time zone), included; not after `to`." })
  from!: string;

  @Field({
    description: `Last local day (YYYY-MM-DD), included; at most ${RANGE_DAYS} days from \`from\`, both included.`,
  })
  to!: string;
}

@ArgsType()
class UsageRangeArgs extends RangeArgs {
  @Field(() => Boolean, {
    nullable: true,
    defaultValue: true,
    description: 'True (the default): the organization and all its sub-organizations. False: the organization alone.',
  })
  includeSubOrganizations!: boolean | null;
}

@ArgsType()
class BreakdownArgsType extends RangeArgs {
  @Field(() => BreakdownBy, {
    description: 'USER: a row per user with usage; SUB_ORGANIZATION: a row per direct child.',
  })
  by!: BreakdownBy;

  @Field(() => UsageType, {
    nullable: true,
    defaultValue: UsageType.VOICE,
    description: "Rows are ordered by this type's billable usage, descending, then by id ascending.",
  })
  orderBy!: UsageType | null;

  @Field(() => Int, {
    nullable: true,
    defaultValue: PAGE.default,
    description: `Rows per page, ${PAGE.min}-${PAGE.max} (default ${PAGE.default}).`,
  })
  first!: number | null;

  @Field(() => String, {
    nullable: true,
    description: "The previous page's nextCursor; omit for the first page.",
  })
  after!: string | null;
}

@Resolver(() => Organization)
export class OrganizationReportResolver {
  @Authorized(CAN.read)
  @FieldResolver(() => UsageRange, {
    description: `Usage over a range of local days (at most ${RANGE_DAYS}), answered from daily rollups.`,
  })
  usage(
    @Root() org: Organization,
    @Args() { from, to, includeSubOrganizations }: UsageRangeArgs,
    @Ctx() ctx: ReportContext,
  ): Promise<UsageRange> {
    return ctx.services.reports.usage(org, from, to, includeSubOrganizations !== false);
  }

  @Authorized(CAN.read)
  @FieldResolver(() => UsageBreakdown, {
    description: 'Who used it: usage over a range of local days by user or by direct sub-organization, paged.',
  })
  usageBreakdown(
    @Root() org: Organization,
    @Args() args: BreakdownArgsType,
    @Ctx() ctx: ReportContext,
  ): Promise<UsageBreakdown> {
    return ctx.services.reports.breakdown(org, {
      from: args.from,
      to: args.to,
      by: args.by,
      orderBy: args.orderBy ?? UsageType.VOICE,
      first: args.first ?? PAGE.default,
      after: args.after ?? null,
    });
  }
}

@Resolver(() => UsageRange)
export class UsageRangeResolver {
  @FieldResolver(() => [UsagePoint], {
    description:
      'One point per day, ISO week (Monday) or calendar month of the range, each dated its first day inside ' +
      'the range; zeros included; oldest first.',
  })
  series(
    @Root() range: UsageRange,
    @Arg('type', () => UsageType, { description: 'Which usage the points count.' }) type: UsageType,
    @Arg('granularity', () => Granularity, {
      defaultValue: Granularity.DAY,
      description: 'DAY (the default), WEEK or MONTH.',
    })
    granularity: Granularity,
  ): UsagePoint[] {
    return bucketSeries(range.days[type], granularity, range.from).map((p) => ({
      date: p.date,
      ...reportedAmount(type, p),
    }));
  }
}

@Resolver(() => BreakdownRow)
export class BreakdownRowResolver {
  @FieldResolver(() => User, { nullable: true, description: 'BY USER: the user; null BY SUB_ORGANIZATION.' })
  user(@Root() row: BreakdownRow, @Ctx() ctx: ReportContext): Promise<User | null> | null {
    return row.userId === null ? null : ctx.loaders.user.load(row.userId);
  }

  @FieldResolver(() => Organization, {
    description: "BY USER: the user's organization; BY SUB_ORGANIZATION: the sub-organization.",
  })
  async organization(@Root() row: BreakdownRow, @Ctx() ctx: ReportContext): Promise<Organization> {
    const org = await ctx.loaders.organization.load(row.organizationId);
    if (!org) throw new Error(`organization ${row.organizationId} vanished`);
    return org;
  }
}
