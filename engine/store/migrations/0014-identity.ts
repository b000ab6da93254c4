import type { Migration } from '../migration.js';

/**
 * The shared server's identity: tenants (a tree), users, groups, bearer tokens stored as hashes,
 * custom roles and role bindings. Names are unique; a token's hash is unique; rows stay (users are
 * disabled, tokens revoked), except a removed role binding, whose removal the audit log keeps.
 */
export const migration0014: Migration = {
  version: 14,
  name: 'identity',
  up(db) {
    db.exec(`
      CREATE TABLE tenants (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        parent TEXT REFERENCES tenants (id),
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        tenant TEXT NOT NULL REFERENCES tenants (id),
        password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX users_tenant ON users (tenant);

      CREATE TABLE user_groups (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        tenant TEXT NOT NULL REFERENCES tenants (id),
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE group_members (
        group_id TEXT NOT NULL REFERENCES user_groups (id),
        user_id TEXT NOT NULL REFERENCES users (id),
        PRIMARY KEY (group_id, user_id)
      ) STRICT;
      CREATE INDEX group_members_user ON group_members (user_id);

      CREATE TABLE access_tokens (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id),
        kind TEXT NOT NULL CHECK (kind IN ('session', 'personal')),
        name TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        tenant TEXT NOT NULL REFERENCES tenants (id),
        scope TEXT,
        expires_at TEXT NOT NULL,
        revoked_at TEXT,
        last_used_at TEXT,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX access_tokens_user ON access_tokens (user_id);

      CREATE TABLE custom_roles (
        tenant TEXT NOT NULL REFERENCES tenants (id),
        name TEXT NOT NULL,
        permissions TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (tenant, name)
      ) STRICT;

      CREATE TABLE role_bindings (
        id TEXT PRIMARY KEY,
        principal_kind TEXT NOT NULL CHECK (principal_kind IN ('user', 'group')),
        principal_id TEXT NOT NULL,
        role TEXT NOT NULL,
        tenant TEXT NOT NULL REFERENCES tenants (id),
        created_at TEXT NOT NULL,
        UNIQUE (principal_kind, principal_id, role, tenant)
      ) STRICT;
    `);
  },
};
