import { Role, type User } from './model';

/**
 * A person for tests that need one in the database but do not test accounts: a master administrator outside
 * any group unless `overrides` says otherwise. The password hash is not a real one; nobody signs in with it.
 */
export function testUser(overrides: Partial<User> & Pick<User, 'id' | 'name'>): User {
  return {
    email: `${overrides.id}@example.com`,
    nickname: overrides.name.split(' ')[0],
    passwordHash: 'not-a-real-hash',
    role: Role.masterAdmin,
    groupId: null,
    enabled: true,
    description: '',
    twoFactorRequired: false,
    totpSecret: null,
    passwordChangedAt: null,
    mustChangePassword: false,
    createdAt: 0,
    ...overrides,
  };
}
