import DataLoader from 'dataloader';
import { EntityManager } from 'typeorm';
import { User } from './user.entity';
import { findUsers } from './user.repository';

export interface UserLoaders {
  user: DataLoader<number, User | null>;
}

/** Fresh per request: users by id. */
export function createUserLoaders(manager: EntityManager): UserLoaders {
  return {
    user: new DataLoader(async (ids) => {
      const map = new Map((await findUsers(manager, ids)).map((u) => [u.id, u]));
      return ids.map((id) => map.get(id) ?? null);
    }),
  };
}
