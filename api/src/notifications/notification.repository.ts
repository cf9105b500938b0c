import { EntityManager } from 'typeorm';
import { organizationPage } from '../common/paging';
import { Notification } from './notification.entity';

/** An organization's notifications, newest first. */
export function notificationsPage(
  manager: EntityManager,
  organizationId: number,
  first: number,
  after: string | null | undefined,
): Promise<Notification[]> {
  return organizationPage(manager, Notification, organizationId, { first, after, max: 100, order: 'DESC' }).getMany();
}
