import { NotFoundError } from '../../errors.js';
import { auditedBefore, auditedPatch, auditedToken, auditedUser } from '../identity-audit.js';
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
} from '../ports/identity-records.js';
import { recordAudit } from './audit.js';
import { isPgServerError } from './pg.js';
import { json, type Sql } from './sql.js';
import { postgresColumns } from '../rows/decode.js';
import {
  toBinding,
  toTenant,
  toToken as tokenOf,
  toUser as userOf,
  type BindingRow,
  type TenantRow,
  type TokenRow,
  type UserRow,
} from '../rows/identity-rows.js';

const toUser = (row: UserRow) => userOf(row, postgresColumns);
const toToken = (row: TokenRow) => tokenOf(row, postgresColumns);

/**
 * The transaction advisory lock that keeps "is there a user yet?" and the first insert together: two
 * `server init` units on one database would otherwise both see no user and both make an administrator.
 */
async function lockUsers(sql: Sql): Promise<void> {
  await sql.run("SELECT pg_advisory_xact_lock(hashtextextended('nimbus.identity.users', 0))");
}

/** Runs an insert, turning a unique index's refusal (SQLSTATE 23505) into the conflict `conflict` names. */
async function insertOnce(run: () => Promise<unknown>, conflict: () => IdentityConflictError): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (isPgServerError(error) && error.code === '23505') throw conflict();
    throw error;
  }
}

/** The shared server's identity; every write is audited in its transaction, never with a hash. */
export class PgIdentityRepository {
  constructor(private readonly actor: string) {}

  private record(sql: Sql, action: string, entity: string, entityId: string, oldValue: unknown, newValue: unknown, at: string) {
    return recordAudit(sql, { actor: this.actor, action, entity, entityId, oldValue, newValue }, at);
  }

  async insertTenant(sql: Sql, tenant: TenantRecord): Promise<void> {
    await insertOnce(
      () =>
        sql.run('INSERT INTO tenants (id, name, parent, created_at) VALUES ($1, $2, $3, $4)', [
          tenant.id,
          tenant.name,
          tenant.parent,
          tenant.createdAt,
        ]),
      () => new IdentityConflictError('tenant_exists', 'A tenant named', tenant.name),
    );
    await this.record(sql, 'tenant.create', 'tenant', tenant.id, null, tenant, tenant.createdAt);
  }
  async tenants(sql: Sql): Promise<TenantRecord[]> {
    return (await sql.rows<TenantRow>('SELECT * FROM tenants ORDER BY name')).map(toTenant);
  }

  async insertUser(sql: Sql, user: UserRecord): Promise<void> {
    await lockUsers(sql);
    await insertOnce(
      () =>
        sql.run(
          `INSERT INTO users (id, name, display_name, tenant, password_hash, disabled, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [user.id, user.name, user.displayName, user.tenant, user.passwordHash, user.disabled, user.createdAt],
        ),
      () => new IdentityConflictError('user_exists', 'A user named', user.name),
    );
    await this.record(sql, 'user.create', 'user', user.id, null, auditedUser(user), user.createdAt);
  }
  async userByName(sql: Sql, name: string): Promise<UserRecord | undefined> {
    const row = await sql.row<UserRow>('SELECT * FROM users WHERE name = $1', [name]);
    return row && toUser(row);
  }
  async userById(sql: Sql, id: string): Promise<UserRecord | undefined> {
    const row = await sql.row<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
    return row && toUser(row);
  }
  async users(sql: Sql): Promise<UserRecord[]> {
    return (await sql.rows<UserRow>('SELECT * FROM users ORDER BY name')).map(toUser);
  }
  async updateUser(sql: Sql, id: string, patch: UserPatch): Promise<void> {
    const row = await sql.row<UserRow>('SELECT * FROM users WHERE id = $1 FOR UPDATE', [id]);
    if (!row) throw new NotFoundError('user', id);
    const before = toUser(row);
    await sql.run('UPDATE users SET display_name = $2, password_hash = $3, disabled = $4 WHERE id = $1', [
      id,
      patch.displayName ?? before.displayName,
      patch.passwordHash ?? before.passwordHash,
      patch.disabled ?? before.disabled,
    ]);
    const newValue = auditedPatch(patch);
    const oldValue = auditedBefore(before, newValue);
    await this.record(sql, 'user.update', 'user', id, oldValue, newValue, new Date().toISOString());
  }

  async insertGroup(sql: Sql, group: GroupRecord): Promise<void> {
    await insertOnce(
      () =>
        sql.run('INSERT INTO user_groups (id, name, tenant, created_at) VALUES ($1, $2, $3, $4)', [
          group.id,
          group.name,
          group.tenant,
          group.createdAt,
        ]),
      () => new IdentityConflictError('group_exists', 'A group named', group.name),
    );
    await this.record(sql, 'group.create', 'group', group.id, null, group, group.createdAt);
  }
  async groups(sql: Sql): Promise<GroupRecord[]> {
    const rows = await sql.rows<{ id: string; name: string; tenant: string; created_at: string }>(
      'SELECT * FROM user_groups ORDER BY name',
    );
    return rows.map((row) => ({ id: row.id, name: row.name, tenant: row.tenant, createdAt: row.created_at }));
  }
  async addMember(sql: Sql, groupId: string, userId: string): Promise<void> {
    const added = await sql.run('INSERT INTO group_members (group_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [groupId, userId]);
    if (added === 0) return;
    await this.record(sql, 'group.member.add', 'group', groupId, null, { userId }, new Date().toISOString());
  }
  async groupsOf(sql: Sql, userId: string): Promise<string[]> {
    const rows = await sql.rows<{ group_id: string }>('SELECT group_id FROM group_members WHERE user_id = $1 ORDER BY group_id', [userId]);
    return rows.map((row) => row.group_id);
  }
  async memberships(sql: Sql): Promise<GroupMembership[]> {
    const rows = await sql.rows<{ group_id: string; user_name: string }>(
      'SELECT m.group_id, u.name AS user_name FROM group_members m JOIN users u ON u.id = m.user_id ORDER BY u.name, m.group_id',
    );
    return rows.map((row) => ({ groupId: row.group_id, userName: row.user_name }));
  }

  async insertToken(sql: Sql, token: TokenRecord): Promise<void> {
    await insertOnce(
      () =>
        sql.run(
          `INSERT INTO access_tokens (id, user_id, kind, name, hash, tenant, scope, expires_at, revoked_at, last_used_at, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11)`,
          [
            token.id,
            token.userId,
            token.kind,
            token.name,
            token.hash,
            token.tenant,
            token.scope === null ? null : json(token.scope),
            token.expiresAt,
            token.revokedAt,
            token.lastUsedAt,
            token.createdAt,
          ],
        ),
      () => new IdentityConflictError('token_exists', 'A token', token.id),
    );
    await this.record(sql, 'token.create', 'token', token.id, null, auditedToken(token), token.createdAt);
  }
  async tokenByHash(sql: Sql, hash: string): Promise<TokenRecord | undefined> {
    const row = await sql.row<TokenRow>('SELECT * FROM access_tokens WHERE hash = $1', [hash]);
    return row && toToken(row);
  }
  async tokensOf(sql: Sql, userId: string): Promise<TokenRecord[]> {
    return (await sql.rows<TokenRow>('SELECT * FROM access_tokens WHERE user_id = $1 ORDER BY created_at, id', [userId])).map(toToken);
  }
  async revokeToken(sql: Sql, id: string, at: string): Promise<void> {
    const revoked = await sql.run('UPDATE access_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [id, at]);
    if (revoked === 1) {
      await this.record(sql, 'token.revoke', 'token', id, { revokedAt: null }, { revokedAt: at }, at);
    } else if (!(await sql.row('SELECT 1 FROM access_tokens WHERE id = $1', [id]))) {
      throw new NotFoundError('token', id);
    }
  }
  async revokeTokensOf(sql: Sql, userId: string, at: string): Promise<number> {
    const rows = await sql.rows<{ id: string }>(
      'UPDATE access_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL RETURNING id',
      [userId, at],
    );
    for (const { id } of rows.sort((a, b) => a.id.localeCompare(b.id))) {
      await this.record(sql, 'token.revoke', 'token', id, { revokedAt: null }, { revokedAt: at }, at);
    }
    return rows.length;
  }
  async touchToken(sql: Sql, id: string, at: string): Promise<void> {
    await sql.run('UPDATE access_tokens SET last_used_at = $2 WHERE id = $1', [id, at]);
  }

  async insertRole(sql: Sql, role: RoleRecord): Promise<void> {
    await insertOnce(
      () =>
        sql.run('INSERT INTO custom_roles (tenant, name, permissions, created_at) VALUES ($1, $2, $3::jsonb, $4)', [
          role.tenant,
          role.name,
          json(role.permissions),
          role.createdAt,
        ]),
      () => new IdentityConflictError('role_exists', 'A role named', role.name),
    );
    await this.record(sql, 'role.create', 'role', `${role.tenant}/${role.name}`, null, role, role.createdAt);
  }
  async roles(sql: Sql): Promise<RoleRecord[]> {
    const rows = await sql.rows<{ tenant: string; name: string; permissions: RoleRecord['permissions']; created_at: string }>(
      'SELECT * FROM custom_roles ORDER BY tenant, name',
    );
    return rows.map((row) => ({ name: row.name, tenant: row.tenant, permissions: row.permissions, createdAt: row.created_at }));
  }

  async insertBinding(sql: Sql, binding: RoleBindingRecord): Promise<void> {
    await insertOnce(
      () =>
        sql.run(`INSERT INTO role_bindings (id, principal_kind, principal_id, role, tenant, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
          binding.id,
          binding.principalKind,
          binding.principalId,
          binding.role,
          binding.tenant,
          binding.createdAt,
        ]),
      () => new IdentityConflictError('binding_exists', 'The role binding', `${binding.role} at ${binding.tenant}`),
    );
    await this.record(sql, 'binding.create', 'binding', binding.id, null, binding, binding.createdAt);
  }
  async bindings(sql: Sql): Promise<RoleBindingRecord[]> {
    return (await sql.rows<BindingRow>('SELECT * FROM role_bindings ORDER BY created_at, id')).map(toBinding);
  }
  async deleteBinding(sql: Sql, id: string): Promise<void> {
    const row = await sql.row<BindingRow>('DELETE FROM role_bindings WHERE id = $1 RETURNING *', [id]);
    if (!row) throw new NotFoundError('role binding', id);
    await this.record(sql, 'binding.delete', 'binding', id, toBinding(row), null, new Date().toISOString());
  }

  async hasUsers(sql: Sql): Promise<boolean> {
    await lockUsers(sql);
    return (await sql.row('SELECT 1 FROM users LIMIT 1')) !== undefined;
  }
}
