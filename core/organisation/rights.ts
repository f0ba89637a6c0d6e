import type { User } from '../model';
import type { Permission } from './permissions';

/** What other domain services ask of the organisation: may this person do that now? Throws forbidden if not. */
export interface Rights {
  require(user: Pick<User, 'id' | 'role'>, permission: Permission): Promise<void>;
}
