import type { PostgresMigration } from '../migration.js';

/**
 * What the resolvers allocate, and landing zones. IPAM addresses are fixed-width hex keys so text
 * order is numeric order for IPv4 and IPv6 alike; a live allocation's start is unique per pool, and
 * allocating units lock the pool row, so two never take the same block. A pool's `generation` moves
 * with every allocation change. Live names and secrets are unique per scope. Everything released or
 * deleted stays as a row (`released_at`, `deleted_at`).
 */
export const migration0002: PostgresMigration = {
  version: 2,
  name: 'resolvers',
  async up(sql) {
    await sql.run(`
      CREATE TABLE ipam_pools (
        id text COLLATE "C" PRIMARY KEY,
        scope text COLLATE "C" NOT NULL,
        name text COLLATE "C" NOT NULL,
        cidr text COLLATE "C" NOT NULL,
        family integer NOT NULL CHECK (family IN (4, 6)),
        prefix integer NOT NULL,
        start_key text COLLATE "C" NOT NULL,
        end_key text COLLATE "C" NOT NULL,
        gateway text COLLATE "C",
        parent_id text COLLATE "C" REFERENCES ipam_pools (id),
        generation integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL,
        deleted_at timestamptz
      );
      CREATE UNIQUE INDEX ipam_pools_live_name ON ipam_pools (scope, name) WHERE deleted_at IS NULL;
      CREATE INDEX ipam_pools_parent ON ipam_pools (parent_id);

      CREATE TABLE ipam_allocations (
        id text COLLATE "C" PRIMARY KEY,
        pool_id text COLLATE "C" NOT NULL REFERENCES ipam_pools (id),
        kind text COLLATE "C" NOT NULL CHECK (kind IN ('address', 'subnet', 'child_pool')),
        value text COLLATE "C" NOT NULL,
        start_key text COLLATE "C" NOT NULL,
        end_key text COLLATE "C" NOT NULL,
        owner text COLLATE "C" NOT NULL,
        created_at timestamptz NOT NULL,
        released_at timestamptz
      );
      CREATE UNIQUE INDEX ipam_allocations_live_start ON ipam_allocations (pool_id, start_key) WHERE released_at IS NULL;
      CREATE INDEX ipam_allocations_owner ON ipam_allocations (owner) WHERE released_at IS NULL;

      CREATE TABLE naming_names (
        id text COLLATE "C" PRIMARY KEY,
        scope text COLLATE "C" NOT NULL,
        series text COLLATE "C" NOT NULL,
        seq integer NOT NULL,
        name text COLLATE "C" NOT NULL,
        fqdn text COLLATE "C",
        owner text COLLATE "C" NOT NULL,
        created_at timestamptz NOT NULL,
        released_at timestamptz
      );
      CREATE UNIQUE INDEX naming_names_live ON naming_names (scope, name) WHERE released_at IS NULL;
      CREATE INDEX naming_names_series ON naming_names (scope, series, seq);
      CREATE INDEX naming_names_owner ON naming_names (owner) WHERE released_at IS NULL;

      CREATE TABLE secrets (
        id text COLLATE "C" PRIMARY KEY,
        scope text COLLATE "C" NOT NULL,
        name text COLLATE "C" NOT NULL,
        ciphertext bytea NOT NULL,
        iv bytea NOT NULL,
        tag bytea NOT NULL,
        origin text COLLATE "C" NOT NULL CHECK (origin IN ('generated', 'stored')),
        owner text COLLATE "C" NOT NULL,
        created_at timestamptz NOT NULL,
        released_at timestamptz
      );
      CREATE UNIQUE INDEX secrets_live_name ON secrets (scope, name) WHERE released_at IS NULL;
      CREATE INDEX secrets_owner ON secrets (owner) WHERE released_at IS NULL;

      CREATE TABLE landing_zones (
        id text COLLATE "C" PRIMARY KEY,
        name text COLLATE "C" NOT NULL,
        provider text COLLATE "C" NOT NULL,
        description text COLLATE "C" NOT NULL DEFAULT '',
        resolver_config jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        deleted_at timestamptz
      );
      CREATE UNIQUE INDEX landing_zones_live_name ON landing_zones (name) WHERE deleted_at IS NULL;

      CREATE TABLE environment_templates (
        id text COLLATE "C" PRIMARY KEY,
        landing_zone_id text COLLATE "C" NOT NULL REFERENCES landing_zones (id),
        name text COLLATE "C" NOT NULL,
        mandatory_components jsonb NOT NULL,
        resolver_overrides jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        deleted_at timestamptz
      );
      CREATE UNIQUE INDEX environment_templates_live_name ON environment_templates (landing_zone_id, name) WHERE deleted_at IS NULL;

      CREATE TABLE environments (
        id text COLLATE "C" PRIMARY KEY,
        landing_zone_id text COLLATE "C" NOT NULL REFERENCES landing_zones (id),
        template_id text COLLATE "C" REFERENCES environment_templates (id),
        name text COLLATE "C" NOT NULL,
        resolver_overrides jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        deleted_at timestamptz
      );
      CREATE UNIQUE INDEX environments_live_name ON environments (name) WHERE deleted_at IS NULL;
    `);
  },
};
