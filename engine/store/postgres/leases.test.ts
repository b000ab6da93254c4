import { describe, expect, it } from 'vitest';
import { permissionAuthorizer } from '../../api/authorization.js';
import { createEngine, type Engine } from '../../engine.js';
import { IdentityService } from '../../identity/identity-service.js';
import { tempDir } from '../../test-support/temp-dir.js';
import { callerOf } from '../../test-support/tenant-sweep.js';
import { openPostgresStore } from './postgres-store-port.js';
import { useTestDatabases } from './test-support/test-databases.js';

const databases = useTestDatabases();

type Lease = { id: string; addresses: { pool: string; values: string[] }[]; names: { name: string }[] };

async function must<T>(engine: Engine, tenant: string, method: string, input: unknown): Promise<T> {
  const outcome = await engine.dispatcher.dispatch(method, input, { caller: callerOf(tenant) });
  if (!outcome.ok) throw new Error(`${method}: ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.result as T;
}

describe('leases on the shared server (PostgreSQL)', () => {
  it('gives ten desktops asking at once disjoint addresses and names, and keeps each tenant to its own leases', async () => {
    const database = await databases.migrated();
    const temp = tempDir();
    const store = await openPostgresStore(database.url);
    const engine = await createEngine({
      dataDir: temp.dir,
      store,
      shared: { identity: new IdentityService(store) },
      authorizer: permissionAuthorizer,
      secretKey: () => 'ab'.repeat(32),
    });
    try {
      await engine.ready;
      await must(engine, 'tenant-a', 'createIpamPool', { name: 'lab', cidr: '10.70.0.0/24' });
      await must(engine, 'tenant-a', 'createLandingZone', {
        name: 'zone',
        provider: 'local',
        resolverConfig: { ipam: { pool: 'lab' }, naming: { pattern: '{env}-{component}-{seq:02d}' } },
      });
      await must(engine, 'tenant-a', 'createEnvironment', { name: 'dev', landingZone: 'zone' });
      const leases = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          must<Lease>(engine, 'tenant-a', 'grantLease', {
            environment: 'dev',
            client: `desk-${i}`,
            addresses: 5,
            names: [{ component: 'local-vm@1', count: 2 }],
          }),
        ),
      );
      const addresses = leases.flatMap((lease) => lease.addresses.flatMap((entry) => entry.values));
      const names = leases.flatMap((lease) => lease.names.map((name) => name.name));
      expect(addresses).toHaveLength(50);
      expect(new Set(addresses).size).toBe(50);
      expect(names).toHaveLength(20);
      expect(new Set(names).size).toBe(20);

      // Another tenant sees none of them and cannot touch them.
      expect(await must(engine, 'tenant-b', 'listLeases', {})).toEqual([]);
      for (const [method, input] of [
        ['releaseLease', { id: leases[0]!.id }],
        ['confirmLeaseUses', { id: leases[0]!.id, uses: [{ kind: 'name', name: names[0], owner: 'node:x' }] }],
      ] as const) {
        const outcome = await engine.dispatcher.dispatch(method, input, { caller: callerOf('tenant-b') });
        expect(outcome, method).toMatchObject({ ok: false, error: { code: 'not_found' } });
      }
      expect(await must<unknown[]>(engine, 'tenant-a', 'listLeases', { live: true })).toHaveLength(10);
    } finally {
      await engine.dispose();
      temp.remove();
      await database.drop();
    }
  });
});
