import { describe, expect, it } from 'vitest';
import { permissionAuthorizer } from '../../api/authorization.js';
import { createEngine } from '../../engine.js';
import { tempDir } from '../../test-support/temp-dir.js';
import { callerOf, expectUntouched, populateTenant, sweepListings, sweepReferences } from '../../test-support/tenant-sweep.js';
import { openPostgresStore } from './postgres-store-port.js';
import { useTestDatabases } from './test-support/test-databases.js';

const databases = useTestDatabases();

describe('tenants through the API (PostgreSQL store, row-level security on)', () => {
  // Every method of the contract is swept (two calls per reference): minutes on a loaded machine.
  it("answers another tenant's ids exactly as unknown ones and lists none of its records", { timeout: 180_000 }, async () => {
    const database = await databases.migrated();
    const temp = tempDir();
    const engine = await createEngine({
      dataDir: temp.dir,
      store: await openPostgresStore(database.url),
      authorizer: permissionAuthorizer,
      secretKey: () => 'ab'.repeat(32),
    });
    try {
      await engine.ready;
      const a = callerOf('tenant-a');
      const b = callerOf('tenant-b');
      const records = await populateTenant(engine, a);
      // Listings first: the reference sweep makes B write records of its own that name A's values.
      const listed = await sweepListings(engine, b, records);
      expect(listed).toEqual(
        expect.arrayContaining(['listTopologies', 'listJobs', 'listDeployments', 'listIpamPools', 'listAuditEntries']),
      );
      const swept = await sweepReferences(engine, b, records);
      expect(swept.methods).toEqual(
        expect.arrayContaining(['getTopology', 'getJob', 'cancelJob', 'getDeployment', 'getStackInstance', 'releaseIp']),
      );
      console.info(`Swept ${swept.calls} calls of ${swept.methods.length} methods taking a reference, and ${listed.length} listings`);
      await expectUntouched(engine, a, records);
    } finally {
      await engine.dispose();
      temp.remove();
      await database.drop();
    }
  });
});
