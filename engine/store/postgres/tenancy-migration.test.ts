import { describe, expect, it } from 'vitest';
import { runInRequest } from '../../context/request-context.js';
import { migratePostgres } from './migrate.js';
import { POSTGRES_MIGRATIONS } from './migrations/index.js';
import { createPgPool } from './pg.js';
import { openPostgresStore } from './postgres-store-port.js';
import { useTestDatabases } from './test-support/test-databases.js';

const databases = useTestDatabases();
const as = <T>(tenant: string, work: () => Promise<T>) => runInRequest({ requestId: 'r', actor: 'x', tenant, clientAddress: null }, work);

describe('the tenant migration of a PostgreSQL database', () => {
  it('gives every existing record to the provider, keeps provider-level catalog items shared, and hides them from others', async () => {
    const database = await databases.empty();
    const pool = createPgPool(database.url, { max: 1 });
    try {
      await migratePostgres(pool, POSTGRES_MIGRATIONS.slice(0, 6), database.url);
      await pool.query(`
        INSERT INTO tenants (id, name, parent, created_at) VALUES ('prov', 'provider', NULL, now()), ('sub', 'sub', 'prov', now());
        INSERT INTO topologies (id, name, document, revision, created_at, updated_at) VALUES ('t-1', 'office', '{"schemaVersion":1,"nodes":[],"wires":[]}', 1, now(), now());
        INSERT INTO jobs (id, kind, title, status, created_at) VALUES ('j-1', 'k', 'old job', 'succeeded', now());
        INSERT INTO job_events (job_id, seq, at, body) VALUES ('j-1', 1, now(), '{"type":"job.log","level":"info","message":"hi"}');
        INSERT INTO components (id, name, provider, semantic_type, tenant, description, system, draft, draft_revision, created_at, updated_at)
          VALUES ('c-1', 'web', 'local', 'Container', NULL, '', true, '{}', 1, now(), now());
        INSERT INTO component_versions (component_id, version, definition, changelog, published_at, published_by) VALUES ('c-1', 1, '{}', '', now(), 'x');
        INSERT INTO landing_zones (id, name, provider, resolver_config, created_at, updated_at) VALUES ('z-1', 'home', 'local', '{}', now(), now());
      `);
      await migratePostgres(pool, POSTGRES_MIGRATIONS, database.url);
    } finally {
      await pool.end();
    }
    const store = await openPostgresStore(database.url);
    try {
      expect((await as('prov', () => store.topologies.list())).map((t) => t.id)).toEqual(['t-1']);
      expect(await as('prov', () => store.jobs.events('j-1'))).toHaveLength(1);
      // Below the provider: its landing zone and the shared component, never its topologies or jobs.
      expect(await as('sub', () => store.topologies.list())).toEqual([]);
      expect(await as('sub', () => store.jobs.list())).toEqual([]);
      expect((await as('sub', () => store.landingZones.zone('home')))?.id).toBe('z-1');
      expect(await as('sub', () => store.components.latest('c-1'))).toMatchObject({ version: 1 });
      // A tenant outside the provider's tree sees the shared component only.
      expect(await as('elsewhere', () => store.landingZones.zones())).toEqual([]);
      expect(await store.topologies.list()).toEqual([]);
    } finally {
      await store.close();
      await database.drop();
    }
  });
});
