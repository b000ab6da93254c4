import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../engine.js';
import { tempDir } from '../../test-support/temp-dir.js';
import { openPostgresStore } from './postgres-store-port.js';
import { useTestDatabases } from './test-support/test-databases.js';

const databases = useTestDatabases();

/** Calls a method the way every transport does, and fails the test with the engine's own message. */
async function call(engine: Engine, method: string, input: unknown): Promise<unknown> {
  const outcome = await engine.dispatcher.dispatch(method, input);
  if (!outcome.ok) throw new Error(`${method}: ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.result;
}

describe('the engine on PostgreSQL', () => {
  it('imports the built-in catalog, keeps topologies and a sandbox, plans, and audits, all in the database', async () => {
    const database = await databases.migrated();
    const temp = tempDir();
    // Every process of one server decrypts the same secrets: they share the master key.
    const secretKey = () => 'ab'.repeat(32);
    try {
      const first = await createEngine({ dataDir: path.join(temp.dir, 'a'), secretKey, store: await openPostgresStore(database.url) });
      let topologyId: string;
      try {
        await first.ready;
        const components = (await call(first, 'listComponents', {})) as { name: string }[];
        expect(components.map((component) => component.name)).toContain('local-vm');
        await call(first, 'createLocalSandbox', {});
        topologyId = ((await call(first, 'createTopology', { name: 'shared' })) as { id: string }).id;
      } finally {
        await first.dispose();
      }

      // A second engine (another server process, another data directory) sees the same state.
      const second = await createEngine({ dataDir: path.join(temp.dir, 'b'), secretKey, store: await openPostgresStore(database.url) });
      try {
        await second.ready;
        expect(await call(second, 'listTopologies', {})).toEqual([expect.objectContaining({ id: topologyId, name: 'shared' })]);
        expect(await call(second, 'listEnvironments', {})).toEqual([expect.objectContaining({ name: 'sandbox' })]);
        const plan = (await call(second, 'planTopology', {
          environment: 'sandbox',
          document: {
            schemaVersion: 1,
            nodes: [{ id: 'disk', label: 'disk', component: 'local-storage@1', position: { x: 0, y: 0 }, params: { size_mb: 1 } }],
            wires: [],
          },
        })) as { valid: boolean };
        expect(plan, JSON.stringify(plan).slice(0, 1500)).toMatchObject({ valid: true });
        const audit = (await call(second, 'listAuditEntries', { entity: 'topology' })) as { action: string; requestId: string | null }[];
        expect(audit).toEqual([expect.objectContaining({ action: 'topology.create', requestId: expect.any(String) })]);
      } finally {
        await second.dispose();
      }
    } finally {
      temp.remove();
      await database.drop();
    }
  });
});
