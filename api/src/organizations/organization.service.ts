import { EntityManager, In } from 'typeorm';
import { AppDeps } from '../app-deps';
import { ViewerScope } from '../auth/viewer-scope';
import { isValidTimeZone } from '../cycles/cycle-bounds';
import { badInput, notFound } from '../graphql/errors';
import { ContactInfo } from '../number-requests/number-request.entity';
import { CreateOrganizationInput } from './organization.inputs';
import { Organization } from './organization.entity';
import { childPath, idsOnPath } from './organization-path';

/** The parts of an organization that never change after creation; cached for the hot ingestion path. */
export interface OrganizationPlacement {
  id: number;
  path: string;
  timezone: string;
  cycleStartDay: number;
}

export class OrganizationService {
  private placements = new Map<number, OrganizationPlacement>();

  constructor(private readonly deps: AppDeps) {}

  async findByIds(ids: readonly number[], manager: EntityManager = this.deps.db.manager): Promise<Organization[]> {
    if (!ids.length) return [];
    return manager.getRepository(Organization).findBy({ id: In([...ids]) });
  }

  /** Placements of the given organizations and all their ancestors, keyed by id. */
  async placementsWithAncestors(ids: Iterable<number>, manager: EntityManager = this.deps.db.manager): Promise<Map<number, OrganizationPlacement>> {
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
   * The organization and, once its path is known here (paths never change), its ancestors too, in
   * one query: a request that needs the chain (contact, scope) then makes no second trip.
   */
  async withKnownAncestors(id: number): Promise<Organization[]> {
    const path = this.placements.get(id)?.path;
    const found = await this.findByIds(path ? idsOnPath(path) : [id]);
    for (const org of found) this.remember(org);
    return found;
  }

  remember(org: Organization): void {
    this.placements.set(org.id, { id: org.id, path: org.path, timezone: org.timezone, cycleStartDay: org.cycleStartDay });
  }

  async create(scope: ViewerScope, input: CreateOrganizationInput): Promise<Organization> {
    const parentId = input.parentId === undefined || input.parentId === null ? null : parseId(input.parentId, 'parentId');
    if (parentId === null) scope.require('createTopLevel');
    else scope.require('change');
    // An explicit null means "the default", as in the schema.
    const requestedZone = input.timezone ?? 'UTC';
    const cycleStartDay = input.cycleStartDay ?? 1;
    const utilizationThresholdPercent = input.utilizationThresholdPercent ?? 80;
    if (!isValidTimeZone(requestedZone) || /^[+-]/.test(requestedZone)) badInputThrow('timezone', `timezone "${requestedZone}" is not an IANA time zone`);
    // Stored by its canonical name ('utc' → 'UTC', 'US/Eastern' → 'America/New_York').
    const timezone = new Intl.DateTimeFormat('en-US', { timeZone: requestedZone }).resolvedOptions().timeZone;
    const now = this.deps.clock();
    return this.deps.db.transaction(async (manager) => {
      const repo = manager.getRepository(Organization);
      let parent: Organization | null = null;
      if (parentId !== null) {
        parent = scope.ensureVisible(await repo.findOneBy({ id: parentId }), 'Organization', parentId);
        if (parent.depth >= 30) badInputThrow('parentId', 'Organizations nest at most 30 levels deep');
      }
      const contact = input.numberRequestContact;
      const org = repo.create({
        name: input.name.trim(),
        parentId: parent?.id ?? null,
        path: '/pending/',
        depth: parent ? parent.depth + 1 : 0,
        timezone,
        cycleStartDay,
        utilizationThresholdPercent,
        adminEmails: input.adminEmails.map((e) => e.trim().toLowerCase()),
        contactEmail: contact?.email ?? null,
        contactPhone: contact?.phone ?? null,
        contactMessage: contact?.message ?? null,
        numberOperationSeq: 0,
        createdAt: now,
      });
      await repo.save(org);
      org.path = childPath(parent?.path ?? null, org.id);
      await repo.update({ id: org.id }, { path: org.path });
      return org;
    });
  }

  /** The organization's own contact, else the nearest ancestor's, else the server default. */
  async numberRequestContact(
    org: Organization,
    manager: EntityManager = this.deps.db.manager,
    load: (ids: number[]) => Promise<Organization[]> = (ids) => this.findByIds(ids, manager),
  ): Promise<ContactInfo> {
    const chainIds = idsOnPath(org.path).reverse();
    const chain = new Map((await load(chainIds)).map((o) => [o.id, o]));
    const defaults = this.deps.config.defaultContact;
    const nearest = chainIds.map((id) => chain.get(id)).filter((o): o is Organization => !!o);
    // The address and the message inherit separately (docs/data-model.md, "Contact inheritance").
    const holder = nearest.find((o) => o.contactEmail || o.contactPhone);
    const message = nearest.find((o) => o.contactMessage)?.contactMessage ?? defaults.message;
    return holder ? { email: holder.contactEmail, phone: holder.contactPhone, message } : { email: defaults.email, phone: defaults.phone, message };
  }

  async children(parentIds: readonly number[]): Promise<Map<number, Organization[]>> {
    const rows = parentIds.length
      ? await this.deps.db.manager.getRepository(Organization).find({ where: { parentId: In([...parentIds]) }, order: { name: 'ASC', id: 'ASC' } })
      : [];
    const byParent = new Map<number, Organization[]>(parentIds.map((id) => [id, []]));
    for (const row of rows) byParent.get(row.parentId!)?.push(row);
    return byParent;
  }

  /**
   * The token's organization; for an operator without one, top-level organizations by name, a page
   * of `first` after the organization `after` (its id).
   */
  async roots(scope: ViewerScope, first = 100, after: string | null = null): Promise<Organization[]> {
    scope.require('read');
    if (!Number.isInteger(first) || first < 1 || first > 500) throw badInput('first', 'first must be from 1 to 500');
    const repo = this.deps.db.manager.getRepository(Organization);
    if (scope.isOperator && !scope.claims?.org) {
      const query = repo.createQueryBuilder('o').where('o.depth = 0').orderBy('o.name', 'ASC').addOrderBy('o.id', 'ASC').limit(first);
      if (after) {
        const last = await repo.findOneBy({ id: parseId(after, 'after') });
        if (!last) throw notFound('Organization', after);
        if (last.depth !== 0) throw badInput('after', `Organization ${after} is not a top-level organization`);
        query.andWhere('(o.name > :name OR (o.name = :name AND o.id > :id))', { name: last.name, id: last.id });
      }
      return query.getMany();
    }
    const own = await repo.findOneBy({ id: Number(scope.claims!.org) });
    if (after) {
      // The list is the token's own organization: a cursor may only name it.
      const afterId = parseId(after, 'after');
      const cursor = afterId === own?.id ? own : scope.ensureVisible(await repo.findOneBy({ id: afterId }), 'Organization', after);
      if (cursor.id !== own?.id) throw badInput('after', `Organization ${after} is not in this list`);
      return [];
    }
    return own && scope.canSee(own) ? [own] : [];
  }
}

/** Ids are positive integers; anything else cannot name a record. */
export function parseId(raw: string | number, field: string): number {
  const text = String(raw).trim();
  if (!/^[1-9]\d{0,9}$/.test(text) || Number(text) > 4294967295) throw badInput(field, `${field} "${raw}" is not a valid id`);
  return Number(text);
}

function badInputThrow(field: string, message: string): never {
  throw badInput(field, message);
}

