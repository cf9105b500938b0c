import { AppDeps } from '../db/app-deps';
import { User } from './user.entity';
import { usersPage } from './user.repository';

/** An organization's users as the API lists them (their lifecycle is numbers/user-lifecycle.service.ts). */
export class UserService {
  constructor(private readonly deps: AppDeps) {}

  /** An organization's own users, newest first. */
  page(organizationId: number, first: number, after: string | null | undefined): Promise<User[]> {
    return usersPage(this.deps.db.manager, organizationId, first, after);
  }
}
