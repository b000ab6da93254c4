import { own } from '../../rows/tenant-sql.js';
import type { PostgresMigration } from '../migration.js';

/**
 * A shared server's record of each `Idempotency-Key` a client sent, per tenant and actor: the method,
 * a hash of the input, whether the call still runs, and the answer it gave, so a repeated request is
 * answered without running twice. Row-level security as on every tenant table.
 */
export const migration0013: PostgresMigration = {
  version: 13,
  name: 'idempotency-keys',
  async up(sql) {
    await sql.run(`
      CREATE TABLE idempotency_keys (
        tenant text COLLATE "C" NOT NULL DEFAULT nimbus_new_tenant(),
        actor text COLLATE "C" NOT NULL,
        key text COLLATE "C" NOT NULL,
        method text COLLATE "C" NOT NULL,
        input_hash text COLLATE "C" NOT NULL,
        status text COLLATE "C" NOT NULL CHECK (status IN ('in_progress', 'done')),
        http_status integer,
        answer jsonb,
        created_at timestamptz NOT NULL,
        claimed_until timestamptz NOT NULL,
        claim_token text COLLATE "C" NOT NULL,
        applied boolean NOT NULL DEFAULT false,
        PRIMARY KEY (tenant, actor, key)
      );
      CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
      ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
      ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant_rows ON idempotency_keys FOR ALL USING ${own()} WITH CHECK ${own()};
    `);
  },
};
