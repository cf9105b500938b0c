import DataLoader from 'dataloader';
import { EntityManager } from 'typeorm';
import { Organization } from '../organizations/organization.entity';
import { PhoneNumber } from './phone-number.entity';
import { measureUtilization, numbersOfUsers } from './phone-number.repository';
import { Utilization } from './utilization';

export interface NumberLoaders {
  numberOfUser: DataLoader<number, PhoneNumber | null>;
  utilization: DataLoader<Organization, Utilization, number>;
}

/** Fresh per request: each user's number, and each organization's utilization as of the request's time. */
export function createNumberLoaders(manager: EntityManager, now: Date): NumberLoaders {
  return {
    numberOfUser: new DataLoader(async (userIds) => {
      const map = new Map((await numbersOfUsers(manager, userIds)).map((r) => [r.userId!, r]));
      return userIds.map((id) => map.get(id) ?? null);
    }),
    utilization: new DataLoader((orgs) => Promise.all(orgs.map((org) => measureUtilization(manager, org.id, now))), {
      cacheKeyFn: (org) => org.id,
    }),
  };
}
