import type { PostgresMigration } from '../migration.js';

/**
 * The shared server's identity: tenants (a tree), users, groups, bearer tokens stored as hashes,
 * custom roles and role bindings. Names are unique; a token's hash is unique; rows stay (users are
 * disabled, tokens revoked), except a removed role binding, whose removal the audit log keeps.
 */
export const migration0006: PostgresMigration = {
  version: 6,
  name: 'identity',
  async up(sql) {
    await sql.run(`
      CREATE TABLE tenants (
        id text COLLATE "C" PRIMARY KEY,
        name text COLLATE "C" NOT NULL UNIQUE,
        parent text COLLATE "C" REFERENCES tenants (id),
        created_at timestamptz NOT NULL
      );

      CREATE TABLE users (
        id text COLLATE "C" PRIMARY KEY,
        name text COLLATE "C" NOT NULL UNIQUE,
        display_name text COLLATE "C" NOT NULL,
        tenant text COLLATE "C" NOT NULL REFERENCES tenants (id),
        password_hash text COLLATE "C" NOT NULL,
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL
      );
      CREATE INDEX users_tenant ON users (tenant);

      CREATE TABLE user_groups (
        id text COLLATE "C" PRIMARY KEY,
        name text COLLATE "C" NOT NULL UNIQUE,
        tenant text COLLATE "C" NOT NULL REFERENCES tenants (id),
        created_at timestamptz NOT NULL
      );

      CREATE TABLE group_members (
        group_id text COLLATE "C" NOT NULL REFERENCES user_groups (id),
        user_id text COLLATE "C" NOT NULL REFERENCES users (id),
        PRIMARY KEY (group_id, user_id)
      );
      CREATE INDEX group_members_user ON group_members (user_id);

      CREATE TABLE access_tokens (
        id text COLLATE "C" PRIMARY KEY,
        user_id text COLLATE "C" NOT NULL REFERENCES users (id),
        kind text COLLATE "C" NOT NULL CHECK (kind IN ('session', 'personal')),
        name text COLLATE "C" NOT NULL,
        hash text COLLATE "C" NOT NULL UNIQUE,
        tenant text COLLATE "C" NOT NULL REFERENCES tenants (id),
        scope jsonb,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        last_used_at timestamptz,
        created_at timestamptz NOT NULL
      );
      CREATE INDEX access_tokens_user ON access_tokens (user_id);

      CREATE TABLE custom_roles (
        tenant text COLLATE "C" NOT NULL REFERENCES tenants (id),
        name text COLLATE "C" NOT NULL,
        permissions jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (tenant, name)
      );

      CREATE TABLE role_bindings (
        id text COLLATE "C" PRIMARY KEY,
        principal_kind text COLLATE "C" NOT NULL CHECK (principal_kind IN ('user', 'group')),
        principal_id text COLLATE "C" NOT NULL,
        role text COLLATE "C" NOT NULL,
        tenant text COLLATE "C" NOT NULL REFERENCES tenants (id),
        created_at timestamptz NOT NULL,
        UNIQUE (principal_kind, principal_id, role, tenant)
      );
    `);
  },
};
