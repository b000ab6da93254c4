import type { Migration } from '../migration.js';

/**
 * Approvals before deploy: policies per environment or landing zone (one per scope and tenant) and
 * the requests of gated actions, each record kept as a JSON document beside the columns it is found by.
 */
export const migration0018: Migration = {
  version: 18,
  name: 'approvals',
  up(db) {
    db.exec(`
      CREATE TABLE approval_policies (
        tenant TEXT NOT NULL,
        scope_kind TEXT NOT NULL,
        scope_id TEXT NOT NULL,
        data TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (tenant, scope_kind, scope_id)
      ) STRICT;

      CREATE TABLE approval_requests (
        id TEXT PRIMARY KEY,
        tenant TEXT NOT NULL,
        status TEXT NOT NULL,
        environment TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revision INTEGER NOT NULL,
        data TEXT NOT NULL
      ) STRICT;
      CREATE INDEX approval_requests_by_tenant ON approval_requests (tenant, created_at);
    `);
  },
};
