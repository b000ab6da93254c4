import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../engine.js';
import { tempDir } from '../test-support/temp-dir.js';
import { callerOf, expectUntouched, populateTenant, sweepListings, sweepReferences } from '../test-support/tenant-sweep.js';
import { permissionAuthorizer } from './authorization.js';

describe('tenants through the API (SQLite store)', () => {
  let temp: ReturnType<typeof tempDir>;
  let engine: Engine;
  beforeEach(async () => {
    temp = tempDir();
    engine = await createEngine({ dataDir: temp.dir, authorizer: permissionAuthorizer, secretKey: () => 'ab'.repeat(32) });
    await engine.ready;
  });
  afterEach(async () => {
    await engine.dispose();
    temp.remove();
  });

  it("answers another tenant's ids exactly as unknown ones and lists none of its records", async () => {
    const a = callerOf('tenant-a');
    const b = callerOf('tenant-b');
    const records = await populateTenant(engine, a);
    // Listings first: the reference sweep makes B write records of its own that name A's values (an event for an unknown instance).
    const listed = await sweepListings(engine, b, records);
    expect(listed).toEqual(expect.arrayContaining(['listTopologies', 'listJobs', 'listDeployments', 'listIpamPools', 'listAuditEntries']));
    const swept = await sweepReferences(engine, b, records);
    expect(swept.methods).toEqual(
      expect.arrayContaining(['getTopology', 'getJob', 'cancelJob', 'getDeployment', 'getStackInstance', 'releaseIp']),
    );
    expect(swept.methods).toEqual(
      expect.arrayContaining([
        'getNotification',
        'retryDeadLetter',
        'discardDeadLetter',
        'removeNotificationChannel',
        'unsubscribeNotifications',
      ]),
    );
    console.info(`Swept ${swept.calls} calls of ${swept.methods.length} methods taking a reference, and ${listed.length} listings`);
    await expectUntouched(engine, a, records);
  });
});
