import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StorePort } from '../ports/store-port.js';
import { createPgPool } from './pg.js';
import { openPostgresStore } from './postgres-store-port.js';
import { useTestDatabases, type TestDatabase } from './test-support/test-databases.js';

const databases = useTestDatabases();

describe('PostgreSQL store: values SQLite keeps and PostgreSQL cannot', () => {
  let database: TestDatabase;
  let store: StorePort;
  beforeEach(async () => {
    database = await databases.migrated();
    store = await openPostgresStore(database.url);
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  it('refuses a NUL character in text or a document as invalid input, and stays usable', async () => {
    await expect(store.topologies.create('bad\u0000name')).rejects.toMatchObject({ code: 'invalid_input', message: /NUL character/ });
    await expect(
      store.topologies.create('fine', { schemaVersion: 1, nodes: [], wires: [], note: 'a\u0000b' } as never),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      store.unitOfWork(async (tx) => {
        await tx.topologies.create('inside');
        await expect(tx.settings.update({ theme: 'x\u0000' as never })).rejects.toMatchObject({ code: 'invalid_input' });
        return (await tx.topologies.list()).map((t) => t.name);
      }),
    ).resolves.toEqual(['inside']);
    expect((await store.topologies.list()).map((t) => t.name)).toEqual(['inside']);
  });

  it('orders and compares text byte for byte like SQLite, whatever the server locale', async () => {
    const english = await databases.empty("TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'");
    const local = await openPostgresStore(english.url);
    try {
      for (const name of ['beta', 'Beta', 'alpha2', 'Alpha', 'Ärger', 'zeta'])
        await local.landingZones.insertZone({
          id: `z-${name}`,
          name,
          provider: 'local',
          description: '',
          resolverConfig: {},
          createdAt: '2026-12-01T00:00:00.000Z',
          updatedAt: '2026-12-01T00:00:00.000Z',
        });
      expect((await local.landingZones.zones()).map((z) => z.name)).toEqual(['Alpha', 'Beta', 'alpha2', 'beta', 'zeta', 'Ärger']);
      expect(await local.landingZones.zone('BETA')).toBeUndefined();
    } finally {
      await local.close();
      await english.drop();
    }
  });

  it('reads times back exactly as written (ISO, milliseconds, UTC), whatever the session time zone', async () => {
    const zoned = await databases.migrated();
    const admin = await openPostgresStore(zoned.url);
    await admin.close();
    // A server whose sessions run in a time zone 12:45 ahead of UTC.
    await setTimeZone(zoned.url, 'Pacific/Chatham');
    const local = await openPostgresStore(zoned.url);
    try {
      const times = ['2026-12-01T10:20:30.456Z', '1999-12-31T23:59:59.999Z', '2026-06-30T00:00:00.001Z'];
      for (const [index, checkedAt] of times.entries())
        await local.stacks.saveWatch({ deploymentId: 'd', path: `/p/${index}`, fingerprint: null, condition: 'ok', checkedAt });
      for (const [index, checkedAt] of times.entries()) expect((await local.stacks.watch('d', `/p/${index}`))?.checkedAt).toBe(checkedAt);
    } finally {
      await local.close();
      await zoned.drop();
    }
  });

  it('keeps documents with any other text, deep nesting and large numbers as given', async () => {
    const document = {
      schemaVersion: 1,
      nodes: [],
      wires: [],
      text: 'emoji 🚀, quotes "\'`, backslash \\\\, newline \n, tab \t, \u2028',
      deep: JSON.parse('['.repeat(200) + ']'.repeat(200)) as unknown,
      numbers: [Number.MAX_SAFE_INTEGER, -0.5, 1e300, 0],
    };
    const created = await store.topologies.create('values', document as never);
    expect((await store.topologies.get(created.id)).document).toEqual(document);
    expect(created.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});

async function setTimeZone(url: string, zone: string): Promise<void> {
  const pool = createPgPool(url, { max: 1 });
  try {
    const database = new URL(url).pathname.slice(1);
    await pool.query(`ALTER DATABASE ${database} SET timezone = '${zone}'`);
  } finally {
    await pool.end();
  }
}
