import { NotFoundError } from '../errors.js';
import type { AuditLog } from './audit.js';
import { auditedBefore, auditedPatch, auditedToken, auditedUser } from './identity-audit.js';
import {
  IdentityConflictError,
  type GroupMembership,
  type GroupRecord,
  type RoleBindingRecord,
  type RoleRecord,
  type TenantRecord,
  type TokenRecord,
  type UserPatch,
  type UserRecord,
} from './ports/identity-records.js';
import type { SqliteDatabase } from './sqlite.js';
import { sqliteColumns } from './rows/decode.js';
import {
  toBinding,
  toTenant,
  toToken as tokenOf,
  toUser as userOf,
  type BindingRow,
  type TenantRow,
  type TokenRow,
  type UserRow,
} from './rows/identity-rows.js';

const toUser = (row: UserRow) => userOf(row, sqliteColumns);
const toToken = (row: TokenRow) => tokenOf(row, sqliteColumns);

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Runs an insert, turning a unique index's refusal into the conflict `conflict` names. */
function insertOnce(run: () => void, conflict: () => IdentityConflictError): void {
  try {
    run();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict();
    throw error;
  }
}

/** SQL of the shared server's identity; every write is audited in its transaction, never with a hash. */
export class IdentityRepository {
  private readonly statements;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly audit: AuditLog,
    private readonly actor: string,
  ) {
    this.statements = {
      insertTenant: db.prepare('INSERT INTO tenants (id, name, parent, created_at) VALUES (@id, @name, @parent, @createdAt)'),
      tenants: db.prepare<[], TenantRow>('SELECT * FROM tenants ORDER BY name'),
      insertUser: db.prepare(
        `INSERT INTO users (id, name, display_name, tenant, password_hash, disabled, created_at)
         VALUES (@id, @name, @displayName, @tenant, @passwordHash, @disabled, @createdAt)`,
      ),
      userByName: db.prepare<[string], UserRow>('SELECT * FROM users WHERE name = ?'),
      userById: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
      users: db.prepare<[], UserRow>('SELECT * FROM users ORDER BY name'),
      updateUser: db.prepare(
        `UPDATE users SET display_name = @displayName, password_hash = @passwordHash, disabled = @disabled WHERE id = @id`,
      ),
      insertGroup: db.prepare('INSERT INTO user_groups (id, name, tenant, created_at) VALUES (@id, @name, @tenant, @createdAt)'),
      groups: db.prepare<[], { id: string; name: string; tenant: string; created_at: string }>('SELECT * FROM user_groups ORDER BY name'),
      addMember: db.prepare('INSERT OR IGNORE INTO group_members (group_id, user_id) VALUES (?, ?)'),
      memberships: db.prepare<[], { group_id: string; user_name: string }>(
        'SELECT m.group_id, u.name AS user_name FROM group_members m JOIN users u ON u.id = m.user_id ORDER BY u.name, m.group_id',
      ),
      groupsOf: db.prepare<[string], { group_id: string }>('SELECT group_id FROM group_members WHERE user_id = ? ORDER BY group_id'),
      insertToken: db.prepare(
        `INSERT INTO access_tokens (id, user_id, kind, name, hash, tenant, scope, expires_at, revoked_at, last_used_at, created_at)
         VALUES (@id, @userId, @kind, @name, @hash, @tenant, @scope, @expiresAt, @revokedAt, @lastUsedAt, @createdAt)`,
      ),
      tokenByHash: db.prepare<[string], TokenRow>('SELECT * FROM access_tokens WHERE hash = ?'),
      tokensOf: db.prepare<[string], TokenRow>('SELECT * FROM access_tokens WHERE user_id = ? ORDER BY created_at, id'),
      tokenById: db.prepare<[string], TokenRow>('SELECT * FROM access_tokens WHERE id = ?'),
      liveTokensOf: db.prepare<[string], { id: string }>(
        'SELECT id FROM access_tokens WHERE user_id = ? AND revoked_at IS NULL ORDER BY id',
      ),
      revokeToken: db.prepare('UPDATE access_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
      touchToken: db.prepare('UPDATE access_tokens SET last_used_at = ? WHERE id = ?'),
      insertRole: db.prepare(
        'INSERT INTO custom_roles (tenant, name, permissions, created_at) VALUES (@tenant, @name, @permissions, @createdAt)',
      ),
      roles: db.prepare<[], { tenant: string; name: string; permissions: string; created_at: string }>(
        'SELECT * FROM custom_roles ORDER BY tenant, name',
      ),
      insertBinding: db.prepare(
        `INSERT INTO role_bindings (id, principal_kind, principal_id, role, tenant, created_at)
         VALUES (@id, @principalKind, @principalId, @role, @tenant, @createdAt)`,
      ),
      bindings: db.prepare<[], BindingRow>('SELECT * FROM role_bindings ORDER BY created_at, id'),
      bindingById: db.prepare<[string], BindingRow>('SELECT * FROM role_bindings WHERE id = ?'),
      deleteBinding: db.prepare('DELETE FROM role_bindings WHERE id = ?'),
      hasUsers: db.prepare<[], { one: number }>('SELECT 1 AS one FROM users LIMIT 1'),
    };
  }

  private write<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  private record(action: string, entity: string, entityId: string, oldValue: unknown, newValue: unknown, at: string): void {
    this.audit.record({ actor: this.actor, action, entity, entityId, oldValue, newValue }, at);
  }

  insertTenant(tenant: TenantRecord): void {
    this.write(() => {
      insertOnce(
        () => this.statements.insertTenant.run(tenant),
        () => new IdentityConflictError('tenant_exists', 'A tenant named', tenant.name),
      );
      this.record('tenant.create', 'tenant', tenant.id, null, tenant, tenant.createdAt);
    });
  }
  tenants(): TenantRecord[] {
    return this.statements.tenants.all().map(toTenant);
  }

  insertUser(user: UserRecord): void {
    this.write(() => {
      insertOnce(
        () => this.statements.insertUser.run({ ...user, disabled: user.disabled ? 1 : 0 }),
        () => new IdentityConflictError('user_exists', 'A user named', user.name),
      );
      this.record('user.create', 'user', user.id, null, auditedUser(user), user.createdAt);
    });
  }
  userByName(name: string): UserRecord | undefined {
    const row = this.statements.userByName.get(name);
    return row && toUser(row);
  }
  userById(id: string): UserRecord | undefined {
    const row = this.statements.userById.get(id);
    return row && toUser(row);
  }
  users(): UserRecord[] {
    return this.statements.users.all().map(toUser);
  }
  updateUser(id: string, patch: UserPatch): void {
    this.write(() => {
      const before = this.userById(id);
      if (!before) throw new NotFoundError('user', id);
      const after: UserRecord = {
        ...before,
        displayName: patch.displayName ?? before.displayName,
        passwordHash: patch.passwordHash ?? before.passwordHash,
        disabled: patch.disabled ?? before.disabled,
      };
      this.statements.updateUser.run({ ...after, disabled: after.disabled ? 1 : 0 });
      const newValue = auditedPatch(patch);
      const oldValue = auditedBefore(before, newValue);
      this.record('user.update', 'user', id, oldValue, newValue, new Date().toISOString());
    });
  }

  insertGroup(group: GroupRecord): void {
    this.write(() => {
      insertOnce(
        () => this.statements.insertGroup.run(group),
        () => new IdentityConflictError('group_exists', 'A group named', group.name),
      );
      this.record('group.create', 'group', group.id, null, group, group.createdAt);
    });
  }
  groups(): GroupRecord[] {
    return this.statements.groups.all().map((row) => ({ id: row.id, name: row.name, tenant: row.tenant, createdAt: row.created_at }));
  }
  addMember(groupId: string, userId: string): void {
    this.write(() => {
      if (this.statements.addMember.run(groupId, userId).changes === 0) return;
      this.record('group.member.add', 'group', groupId, null, { userId }, new Date().toISOString());
    });
  }
  groupsOf(userId: string): string[] {
    return this.statements.groupsOf.all(userId).map((row) => row.group_id);
  }
  memberships(): GroupMembership[] {
    return this.statements.memberships.all().map((row) => ({ groupId: row.group_id, userName: row.user_name }));
  }

  insertToken(token: TokenRecord): void {
    this.write(() => {
      insertOnce(
        () => this.statements.insertToken.run({ ...token, scope: token.scope === null ? null : JSON.stringify(token.scope) }),
        () => new IdentityConflictError('token_exists', 'A token', token.id),
      );
      this.record('token.create', 'token', token.id, null, auditedToken(token), token.createdAt);
    });
  }
  tokenByHash(hash: string): TokenRecord | undefined {
    const row = this.statements.tokenByHash.get(hash);
    return row && toToken(row);
  }
  tokensOf(userId: string): TokenRecord[] {
    return this.statements.tokensOf.all(userId).map(toToken);
  }
  revokeToken(id: string, at: string): void {
    this.write(() => {
      if (this.statements.revokeToken.run(at, id).changes === 1) {
        this.record('token.revoke', 'token', id, { revokedAt: null }, { revokedAt: at }, at);
      } else if (!this.statements.tokenById.get(id)) {
        throw new NotFoundError('token', id);
      }
    });
  }
  revokeTokensOf(userId: string, at: string): number {
    return this.write(() => {
      const live = this.statements.liveTokensOf.all(userId);
      for (const { id } of live) {
        this.statements.revokeToken.run(at, id);
        this.record('token.revoke', 'token', id, { revokedAt: null }, { revokedAt: at }, at);
      }
      return live.length;
    });
  }
  touchToken(id: string, at: string): void {
    this.statements.touchToken.run(at, id);
  }

  insertRole(role: RoleRecord): void {
    this.write(() => {
      insertOnce(
        () => this.statements.insertRole.run({ ...role, permissions: JSON.stringify(role.permissions) }),
        () => new IdentityConflictError('role_exists', 'A role named', role.name),
      );
      this.record('role.create', 'role', `${role.tenant}/${role.name}`, null, role, role.createdAt);
    });
  }
  roles(): RoleRecord[] {
    return this.statements.roles.all().map((row) => ({
      name: row.name,
      tenant: row.tenant,
      permissions: JSON.parse(row.permissions) as RoleRecord['permissions'],
      createdAt: row.created_at,
    }));
  }

  insertBinding(binding: RoleBindingRecord): void {
    this.write(() => {
      insertOnce(
        () => this.statements.insertBinding.run(binding),
        () => new IdentityConflictError('binding_exists', 'The role binding', `${binding.role} at ${binding.tenant}`),
      );
      this.record('binding.create', 'binding', binding.id, null, binding, binding.createdAt);
    });
  }
  bindings(): RoleBindingRecord[] {
    return this.statements.bindings.all().map(toBinding);
  }
  deleteBinding(id: string): void {
    this.write(() => {
      const row = this.statements.bindingById.get(id);
      if (!row) throw new NotFoundError('role binding', id);
      this.statements.deleteBinding.run(id);
      this.record('binding.delete', 'binding', id, toBinding(row), null, new Date().toISOString());
    });
  }

  hasUsers(): boolean {
    return this.statements.hasUsers.get() !== undefined;
  }
}
