/** The rows of the identity tables and their records, one mapper each for both stores. */
import type { RoleBindingRecord, TenantRecord, TokenRecord, UserRecord } from '../ports/identity-records.js';
import type { BoolColumn, ColumnDecoder, JsonColumn } from './decode.js';

/** A `tenants` row. */
export interface TenantRow {
  id: string;
  name: string;
  parent: string | null;
  created_at: string;
}

/** A `users` row. */
export interface UserRow {
  id: string;
  name: string;
  display_name: string;
  tenant: string;
  password_hash: string;
  disabled: BoolColumn;
  created_at: string;
}

/** An `access_tokens` row. */
export interface TokenRow {
  id: string;
  user_id: string;
  kind: TokenRecord['kind'];
  name: string;
  hash: string;
  tenant: string;
  scope: JsonColumn;
  expires_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
  created_at: string;
}

/** A `role_bindings` row. */
export interface BindingRow {
  id: string;
  principal_kind: RoleBindingRecord['principalKind'];
  principal_id: string;
  role: string;
  tenant: string;
  created_at: string;
}

export const toTenant = (row: TenantRow): TenantRecord => ({ id: row.id, name: row.name, parent: row.parent, createdAt: row.created_at });

export const toUser = (row: UserRow, columns: ColumnDecoder): UserRecord => ({
  id: row.id,
  name: row.name,
  displayName: row.display_name,
  tenant: row.tenant,
  passwordHash: row.password_hash,
  disabled: columns.bool(row.disabled),
  createdAt: row.created_at,
});

export const toToken = (row: TokenRow, columns: ColumnDecoder): TokenRecord => ({
  id: row.id,
  userId: row.user_id,
  kind: row.kind,
  name: row.name,
  hash: row.hash,
  tenant: row.tenant,
  scope: columns.jsonOrNull<TokenRecord['scope']>(row.scope),
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
  lastUsedAt: row.last_used_at,
  createdAt: row.created_at,
});

export const toBinding = (row: BindingRow): RoleBindingRecord => ({
  id: row.id,
  principalKind: row.principal_kind,
  principalId: row.principal_id,
  role: row.role,
  tenant: row.tenant,
  createdAt: row.created_at,
});
