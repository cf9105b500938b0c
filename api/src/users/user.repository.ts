import { EntityManager, In } from 'typeorm';
import { organizationPage } from '../common/paging';
import { sqlDate } from '../db/transformers';
import { User } from './user.entity';

/** The app_user table's reads and writes, in one place. */

export function findUser(manager: EntityManager, id: number): Promise<User | null> {
  return manager.getRepository(User).findOneBy({ id });
}

export async function findUsers(manager: EntityManager, ids: readonly number[]): Promise<User[]> {
  if (!ids.length) return [];
  return manager.getRepository(User).findBy({ id: In([...ids]) });
}

export async function insertUser(manager: EntityManager, fields: Omit<User, 'id'>): Promise<User> {
  const repo = manager.getRepository(User);
  const user = repo.create(fields);
  await repo.save(user);
  return user;
}

export async function saveRegisteredAt(manager: EntityManager, userId: number, at: Date): Promise<void> {
  await manager.query('UPDATE app_user SET registered_at = ? WHERE id = ?', [sqlDate(at), userId]);
}

export async function saveDeactivatedAt(manager: EntityManager, userId: number, at: Date): Promise<void> {
  await manager.query('UPDATE app_user SET deactivated_at = ? WHERE id = ?', [sqlDate(at), userId]);
}

/** An organization's own users, newest first. */
export function usersPage(
  manager: EntityManager,
  organizationId: number,
  first: number,
  after: string | null | undefined,
): Promise<User[]> {
  return organizationPage(manager, User, organizationId, { first, after, max: 1000, order: 'DESC' }).getMany();
}
