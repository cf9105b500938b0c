import { EntityManager } from 'typeorm';
import { AppDeps } from '../db/app-deps';
import { ViewerScope } from '../auth/viewer-scope';
import { DomainError } from '../common/domain-error';
import { parseId } from '../common/ids';
import { isValidTimeZone } from '../common/calendar';
import { DEFAULT_RATING, Rating, ratingOf, validateRating } from '../rating/rating';
import { CoalescedReads } from '../common/coalesced-reads';
import { CreateOrganizationInput } from './organization.inputs';
import { idsOnPath } from './organization-path';
import { Organization } from './organization.entity';
import {
  childrenOf,
  findOrganization,
  findOrganizations,
  findOrganizationsWithVersions,
  insertOrganization,
  topLevelPage,
} from './organization.repository';

/** Trees nest at most this many levels below the top. */
const MAX_DEPTH = 30;

/** The parts of an organization that never change after creation; cached for the hot ingestion path. */
export interface OrganizationPlacement {
  id: number;
  path: string;
  timezone: string;
  cycleStartDay: number;
  /** Its top-level organization's rating (DESIGN §8). */
  rating: Rating;
}

export class OrganizationService {
  private placements = new Map<number, OrganizationPlacement>();
  /** Stamp reads of concurrent requests share statements (common/coalesced-reads.ts). */
  private readonly rowReads = new CoalescedReads<number, Organization>(
    async (ids) => new Map((await findOrganizationsWithVersions(this.deps.db.manager, ids)).map((o) => [o.id, o])),
    this.deps.config.databaseQueryTimeoutMs,
  );

  constructor(private readonly deps: AppDeps) {}

  findByIds(ids: readonly number[], manager: EntityManager = this.deps.db.manager): Promise<Organization[]> {
    return findOrganizations(manager, ids);
  }

  /** Placements of the given organizations and all their ancestors, keyed by id. */
  async placementsWithAncestors(
    ids: Iterable<number>,
    manager: EntityManager = this.deps.db.manager,
  ): Promise<Map<number, OrganizationPlacement>> {
    const result = new Map<number, OrganizationPlacement>();
    const wanted = new Set<number>();
    const missing = (id: number) => !this.placements.has(id);
    for (const id of ids) wanted.add(id);
    for (let round = 0; round < 2; round++) {
      const toLoad = [...wanted].filter(missing);
      if (toLoad.length) {
        for (const org of await this.findByIds(toLoad, manager)) this.remember(org);
      }
      for (const id of [...wanted]) {
        const placement = this.placements.get(id);
        if (placement) idsOnPath(placement.path).forEach((a) => wanted.add(a));
      }
    }
    for (const id of wanted) {
      const placement = this.placements.get(id);
      if (placement) result.set(id, placement);
    }
    return result;
  }

  /**
   * The organizations and, for each whose path is known here (paths never change), its ancestors too,
   * with their usage rollup versions: the chain a dashboard needs (contact inheritance) in one read.
   * Concurrent requests share the statement (common/coalesced-reads.ts), each answered by a read begun
   * after it asked: what a request's loader and the kept answers' freshness check (their stamps) read.
   */
  async freshRows(ids: readonly number[]): Promise<Organization[]> {
    const wanted = new Set(ids);
    for (const id of ids) {
      const path = this.placements.get(id)?.path;
      if (path) idsOnPath(path).forEach((a) => wanted.add(a));
    }
    const found = await this.rowReads.load(wanted);
    const rows: Organization[] = [];
    for (const id of wanted) {
      const org = found.get(id);
      if (!org) continue;
      this.remember(org);
      rows.push(org);
    }
    return rows;
  }

  /** Whether the organization is known to exist without a read: this process has seen it (none is ever deleted). */
  isKnown(id: number): boolean {
    return this.placements.has(id);
  }

  remember(org: Organization): void {
    this.placements.set(org.id, {
      id: org.id,
      path: org.path,
      timezone: org.timezone,
      cycleStartDay: org.cycleStartDay,
      rating: ratingOf(org),
    });
  }

  /** The cached placement of an organization this process has loaded (null when it has not). */
  knownPlacement(id: number): OrganizationPlacement | null {
    return this.placements.get(id) ?? null;
  }

  /** A sub-organization (admin) or, for an operator alone, a top-level organization. */
  async create(scope: ViewerScope, input: CreateOrganizationInput): Promise<Organization> {
    const parentId =
      input.parentId === undefined || input.parentId === null ? null : parseId(input.parentId, 'parentId');
    // Which role it takes depends on the input: only an operator creates a top-level organization.
    scope.require(parentId === null ? 'createTopLevel' : 'change');
    const fields = organizationFields(input);
    if (parentId !== null && input.rating) {
      throw DomainError.invalidInput('rating', "A sub-organization uses its top-level organization's rating");
    }
    const now = this.deps.clock();
    return this.deps.db.transaction(async (manager) => {
      let parent: Organization | null = null;
      if (parentId !== null) {
        parent = scope.ensureVisible(await findOrganization(manager, parentId), 'Organization', parentId);
        if (parent.depth >= MAX_DEPTH) {
          throw DomainError.invalidInput('parentId', `Organizations nest at most ${MAX_DEPTH} levels deep`);
        }
      }
      // A sub-organization bills by its top-level organization's rating, which its parent already holds.
      const rating = parent ? ratingOf(parent) : requestedRating(input);
      const row = {
        ...fields,
        ...rating,
        parentId: parent?.id ?? null,
        depth: parent ? parent.depth + 1 : 0,
        numberOperationSeq: 0,
        createdAt: now,
      };
      return insertOrganization(manager, row, parent?.path ?? null);
    });
  }

  /** The organization `idRaw` names, when the scope covers it; NOT_FOUND exactly like a missing one otherwise. */
  async visible(
    scope: ViewerScope,
    idRaw: string,
    load: (id: number) => Promise<Organization | null>,
  ): Promise<Organization> {
    const id = parseId(idRaw, 'id');
    return scope.ensureVisible(await load(id), 'Organization', idRaw);
  }

  /** Null at the top, and above the token's own organization. */
  async visibleParent(
    scope: ViewerScope,
    org: Organization,
    load: (id: number) => Promise<Organization | null>,
  ): Promise<Organization | null> {
    if (org.parentId === null) return null;
    const parent = await load(org.parentId);
    return parent && scope.canSee(parent) ? parent : null;
  }

  async children(parentIds: readonly number[]): Promise<Map<number, Organization[]>> {
    const rows = await childrenOf(this.deps.db.manager, parentIds);
    const byParent = new Map<number, Organization[]>(parentIds.map((id) => [id, []]));
    for (const row of rows) byParent.get(row.parentId!)?.push(row);
    return byParent;
  }

  /**
   * The token's organization; for an operator without one, top-level organizations by name, a page
   * of `first` after the organization `after` (its id).
   */
  async roots(scope: ViewerScope, first = 100, after: string | null = null): Promise<Organization[]> {
    if (!Number.isInteger(first) || first < 1 || first > 500) {
      throw DomainError.invalidInput('first', 'first must be from 1 to 500');
    }
    const { manager } = this.deps.db;
    if (scope.isOperator && !scope.claims?.org) {
      if (!after) return topLevelPage(manager, first, null);
      const last = await findOrganization(manager, parseId(after, 'after'));
      if (!last) throw DomainError.notFound('Organization', after);
      if (last.depth !== 0) {
        throw DomainError.invalidInput('after', `Organization ${after} is not a top-level organization`);
      }
      return topLevelPage(manager, first, last);
    }
    const own = await findOrganization(manager, Number(scope.claims!.org));
    if (after) {
      // The list is the token's own organization: a cursor may only name it.
      const afterId = parseId(after, 'after');
      const cursor =
        afterId === own?.id
          ? own
          : scope.ensureVisible(await findOrganization(manager, afterId), 'Organization', after);
      if (cursor.id !== own?.id) throw DomainError.invalidInput('after', `Organization ${after} is not in this list`);
      return [];
    }
    return own && scope.canSee(own) ? [own] : [];
  }
}

/** A top-level organization's rating from its input: §8's defaults, checked against its limits. */
function requestedRating(input: CreateOrganizationInput): Rating {
  return validateRating({
    voiceInitialSeconds: input.rating?.voiceInitialSeconds ?? DEFAULT_RATING.voiceInitialSeconds,
    voiceIncrementSeconds: input.rating?.voiceIncrementSeconds ?? DEFAULT_RATING.voiceIncrementSeconds,
    dataIncrementBytes: input.rating?.dataIncrementBytes ?? DEFAULT_RATING.dataIncrementBytes,
  });
}

/** The stored fields of a new organization, from its input (an explicit null means "the default", as in the schema). */
function organizationFields(input: CreateOrganizationInput) {
  const requestedZone = input.timezone ?? 'UTC';
  if (!isValidTimeZone(requestedZone) || /^[+-]/.test(requestedZone)) {
    throw DomainError.invalidInput('timezone', `timezone "${requestedZone}" is not an IANA time zone`);
  }
  const contact = input.numberRequestContact;
  return {
    name: input.name.trim(),
    // Stored by its canonical name ('utc' → 'UTC', 'US/Eastern' → 'America/New_York').
    timezone: new Intl.DateTimeFormat('en-US', { timeZone: requestedZone }).resolvedOptions().timeZone,
    cycleStartDay: input.cycleStartDay ?? 1,
    utilizationThresholdPercent: input.utilizationThresholdPercent ?? 80,
    adminEmails: input.adminEmails.map((e) => e.trim().toLowerCase()),
    contactEmail: contact?.email ?? null,
    contactPhone: contact?.phone ?? null,
    contactMessage: contact?.message ?? null,
  };
}
