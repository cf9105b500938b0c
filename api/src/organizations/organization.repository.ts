import { EntityManager, In } from 'typeorm';
import { Organization } from './organization.entity';
import { childPath, subtreeRange } from './organization-path';

/** The organization table's reads and writes, in one place. */

export function findOrganization(manager: EntityManager, id: number): Promise<Organization | null> {
  return manager.getRepository(Organization).findOneBy({ id });
}

export async function findOrganizations(manager: EntityManager, ids: readonly number[]): Promise<Organization[]> {
  if (!ids.length) return [];
  return manager.getRepository(Organization).findBy({ id: In([...ids]) });
}

/**
 * The organizations with their usage rollup versions (`usageVersion`), in one plain statement: what a
 * request's organization loader and the kept answers' freshness check read, once for many requests
 * (OrganizationService.freshRows). Rows become entities through TypeORM's own per-column hydration
 * (driver types, transformers) without its query builder, whose cost showed on every dashboard.
 */
export async function findOrganizationsWithVersions(
  manager: EntityManager,
  ids: readonly number[],
): Promise<Organization[]> {
  if (!ids.length) return [];
  // usage_rollup_version by its table name: the usage domain sits above organizations.
  const rows: Array<Record<string, unknown>> = await manager.query(
    `SELECT o.*, v.version AS usage_version
       FROM organization o LEFT JOIN usage_rollup_version v ON v.organization_id = o.id
      WHERE o.id IN (${ids.map(() => '?').join(',')})`,
    [...ids],
  );
  const { driver } = manager.connection;
  const columns = manager.connection.getMetadata(Organization).columns;
  return rows.map((row) => {
    const org = new Organization();
    for (const column of columns) {
      (org as unknown as Record<string, unknown>)[column.propertyName] = driver.prepareHydratedValue(
        row[column.databaseName],
        column,
      );
    }
    org.usageVersion = Number(row.usage_version ?? 0);
    return org;
  });
}

/**
 * What a kept answer about the organization is valid for (graphql/response-cache.ts): its usage
 * rollup version, number_operation_seq, numbers_below, threshold and policy, and plan_seq.
 */
export function stampOf(org: Organization): string {
  return [
    org.id,
    org.usageVersion ?? 0,
    org.numberOperationSeq,
    org.numbersBelow,
    org.utilizationThresholdPercent,
    org.alertPolicy,
    org.planSeq,
  ].join(':');
}

/** Direct children of each parent, by name then id. */
export function childrenOf(manager: EntityManager, parentIds: readonly number[]): Promise<Organization[]> {
  if (!parentIds.length) return Promise.resolve([]);
  return manager
    .getRepository(Organization)
    .find({ where: { parentId: In([...parentIds]) }, order: { name: 'ASC', id: 'ASC' } });
}

/** Top-level organizations by name, a page of `first` after the organization `after`. */
export function topLevelPage(
  manager: EntityManager,
  first: number,
  after: Organization | null,
): Promise<Organization[]> {
  const query = manager
    .getRepository(Organization)
    .createQueryBuilder('o')
    .where('o.depth = 0')
    .orderBy('o.name', 'ASC')
    .addOrderBy('o.id', 'ASC')
    .limit(first);
  if (after) query.andWhere('(o.name > :name OR (o.name = :name AND o.id > :id))', { name: after.name, id: after.id });
  return query.getMany();
}

/** Inserts the organization, then stores its path, which needs the id the insert gave it. */
export async function insertOrganization(
  manager: EntityManager,
  fields: Partial<Organization>,
  parentPath: string | null,
): Promise<Organization> {
  const repo = manager.getRepository(Organization);
  const org = repo.create({ ...fields, path: '/pending/' });
  await repo.save(org);
  org.path = childPath(parentPath, org.id);
  await repo.update({ id: org.id }, { path: org.path });
  return org;
}

/** Row locks in id order, so concurrent operations on one pool serialize without deadlocking. */
export function lockOrganizations(manager: EntityManager, ids: number[], sqlite: boolean): Promise<Organization[]> {
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  const query = manager
    .getRepository(Organization)
    .createQueryBuilder('o')
    .where('o.id IN (:...ids)', { ids: unique })
    .orderBy('o.id', 'ASC');
  // SQLite's single writer already serializes; MySQL takes row locks.
  if (!sqlite) query.setLock('pessimistic_write');
  return query.getMany();
}

export async function saveOperationSeq(
  manager: EntityManager,
  org: Pick<Organization, 'id' | 'numberOperationSeq'>,
): Promise<void> {
  await manager.query('UPDATE organization SET number_operation_seq = ? WHERE id = ?', [
    org.numberOperationSeq,
    org.id,
  ]);
}

export async function saveThresholdPercent(
  manager: EntityManager,
  organizationId: number,
  percent: number,
  policy?: string,
): Promise<void> {
  if (policy === undefined) {
    await manager.query('UPDATE organization SET utilization_threshold_percent = ? WHERE id = ?', [
      percent,
      organizationId,
    ]);
    return;
  }
  await manager.query('UPDATE organization SET utilization_threshold_percent = ?, alert_policy = ? WHERE id = ?', [
    percent,
    policy,
    organizationId,
  ]);
}

/** Keeps organization.numbers_below in step, in the transaction of the change (rows already locked). */
export async function addNumbersBelow(manager: EntityManager, organizationIds: number[], delta: number): Promise<void> {
  if (!organizationIds.length || delta === 0) return;
  await manager.query(
    `UPDATE organization SET numbers_below = numbers_below + ?
      WHERE id IN (${organizationIds.map(() => '?').join(',')})`,
    [delta, ...organizationIds],
  );
}

/** Recounts organization.numbers_below from phone_number: for seeds that insert numbers directly, and repairs. */
export async function recountNumbersBelow(
  manager: EntityManager,
  organizations: Array<Pick<Organization, 'id' | 'path'>>,
): Promise<void> {
  for (const org of organizations) {
    const [, to] = subtreeRange(org.path);
    await manager.query(
      `UPDATE organization
          SET numbers_below = (SELECT COUNT(*) FROM phone_number WHERE org_path > ? AND org_path < ?)
        WHERE id = ?`,
      [org.path, to, org.id],
    );
  }
}
