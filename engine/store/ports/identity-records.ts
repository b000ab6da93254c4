/** The records of the shared server's identity: tenants, users, groups, tokens, roles and bindings. */
import type { Permission } from '../../common/permissions.js';
import { NimbusError } from '../../errors.js';

/** A tenant; the provider is the one without a parent. */
export interface TenantRecord {
  id: string;
  name: string;
  parent: string | null;
  createdAt: string;
}

/** A person who signs in. `passwordHash` is an encoded scrypt hash, never a password. */
export interface UserRecord {
  id: string;
  name: string;
  displayName: string;
  /** The tenant the user belongs to (and acts in unless a token names another below it). */
  tenant: string;
  passwordHash: string;
  disabled: boolean;
  createdAt: string;
}

/** What an administrator may change on a user. */
export interface UserPatch {
  displayName?: string;
  passwordHash?: string;
  disabled?: boolean;
}

/** A named set of users, for role bindings. */
export interface GroupRecord {
  id: string;
  name: string;
  tenant: string;
  createdAt: string;
}

/**
 * A bearer token, stored as the hash of its value. Session tokens come from signing in; personal
 * access tokens are made by their user, named, and may be narrowed to some permissions.
 */
export interface TokenRecord {
  id: string;
  userId: string;
  kind: 'session' | 'personal';
  name: string;
  hash: string;
  tenant: string;
  /** The permissions a personal token is narrowed to; null: everything its user holds. */
  scope: Permission[] | null;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
}

/** A custom role of a tenant (usable there and below). */
export interface RoleRecord {
  name: string;
  tenant: string;
  permissions: Permission[];
  createdAt: string;
}

/** A role granted to a user or a group at a tenant, inherited by the tenants below it. */
export interface RoleBindingRecord {
  id: string;
  principalKind: 'user' | 'group';
  principalId: string;
  role: string;
  tenant: string;
  createdAt: string;
}

/**
 * A name (or a token hash, or a binding) that is already taken, refused by the store's unique index
 * whichever store runs it: `user_exists`, `tenant_exists`, `group_exists`, `role_exists`,
 * `binding_exists`, `token_exists`.
 */
export class IdentityConflictError extends NimbusError {
  override name = 'IdentityConflictError';
  constructor(
    code: 'user_exists' | 'tenant_exists' | 'group_exists' | 'role_exists' | 'binding_exists' | 'token_exists',
    what: string,
    key: string,
  ) {
    super(code, `${what} ${key} already exists`, { key });
  }
}

/** One user's membership in one group, as a listing of groups shows it. */
export interface GroupMembership {
  groupId: string;
  userName: string;
}

/**
 * Identity as the shared server stores it. Names (tenants, users, groups) are unique; a token's hash
 * is unique. Rows are never deleted: users are disabled, tokens revoked, bindings removed with an
 * audit row. Every write is audited in its transaction; no audit value ever holds a password hash or
 * a token hash. Inserts refuse a taken name with an {@link IdentityConflictError}; changes to an unknown
 * id reject with `not_found`. A role binding is unique per principal, role and tenant.
 *
 * Atomicity: a unit of work that asks {@link IdentityPort.hasUsers} and then inserts the first user must
 * not interleave with another doing the same — SQLite runs units one after another, PostgreSQL takes a
 * transaction advisory lock in `hasUsers` (and `insertUser`), held until the unit ends.
 */
export interface IdentityPort {
  insertTenant(tenant: TenantRecord): Promise<void>;
  tenants(): Promise<TenantRecord[]>;
  insertUser(user: UserRecord): Promise<void>;
  userByName(name: string): Promise<UserRecord | undefined>;
  userById(id: string): Promise<UserRecord | undefined>;
  users(): Promise<UserRecord[]>;
  updateUser(id: string, patch: UserPatch): Promise<void>;
  insertGroup(group: GroupRecord): Promise<void>;
  groups(): Promise<GroupRecord[]>;
  addMember(groupId: string, userId: string): Promise<void>;
  groupsOf(userId: string): Promise<string[]>;
  /**
   * Every group membership with the member's user name, ordered by user name: a listing of groups
   * with their members reads them in one query instead of one per user.
   */
  memberships(): Promise<GroupMembership[]>;
  insertToken(token: TokenRecord): Promise<void>;
  tokenByHash(hash: string): Promise<TokenRecord | undefined>;
  tokensOf(userId: string): Promise<TokenRecord[]>;
  revokeToken(id: string, at: string): Promise<void>;
  /** Revokes every live token of a user (when the user is disabled); returns how many. */
  revokeTokensOf(userId: string, at: string): Promise<number>;
  touchToken(id: string, at: string): Promise<void>;
  insertRole(role: RoleRecord): Promise<void>;
  roles(): Promise<RoleRecord[]>;
  insertBinding(binding: RoleBindingRecord): Promise<void>;
  bindings(): Promise<RoleBindingRecord[]>;
  deleteBinding(id: string): Promise<void>;
  /** Whether any user exists (the first `server init` creates one; a second refuses). */
  hasUsers(): Promise<boolean>;
}
