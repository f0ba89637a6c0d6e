import type { TechnicianGroup, User } from '../model';
import type { Permission, Permissions } from './permissions';
import type { Person } from './store';

/**
 * What other domain services ask of the organisation, read fresh each time: may this person do that now
 * (throws forbidden if not), which group are they in, who is this.
 */
export interface Rights {
  require(user: Pick<User, 'id' | 'role'>, permission: Permission): Promise<void>;
  rightsOf(user: Pick<User, 'id' | 'role'>): Promise<Permissions>;
  groupOf(userId: string): Promise<string | null>;
  group(groupId: string): Promise<TechnicianGroup | null>;
  person(userId: string): Promise<Person | null>;
  /** At most this many concurrent sessions for this person (their group's setting, else its parents'); null: no maximum. */
  maxSessionsFor(userId: string): Promise<number | null>;
}
