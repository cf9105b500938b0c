import { EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DomainError } from './domain-error';
import { parseId } from './ids';

export interface PageArgs {
  first: number;
  /** The id of the last row of the previous page. */
  after?: string | null;
  max: number;
  /** ASC: oldest first (after = ids above); DESC: newest first (after = ids below). */
  order: 'ASC' | 'DESC';
}

/** One page of an organization's own rows, keyed by id; callers may add filters. */
export function organizationPage<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  organizationId: number,
  { first, after, max, order }: PageArgs,
): SelectQueryBuilder<T> {
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw DomainError.invalidInput('first', `first must be from 1 to ${max}`);
  }
  const query = manager
    .getRepository(entity)
    .createQueryBuilder('row')
    .where('row.organization_id = :organizationId', { organizationId })
    .orderBy('row.id', order)
    .limit(first);
  if (after) query.andWhere(`row.id ${order === 'ASC' ? '>' : '<'} :after`, { after: parseId(after, 'after') });
  return query;
}
