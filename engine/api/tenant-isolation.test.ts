import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../engine.js';
import { tempDir } from '../test-support/temp-dir.js';
import { callerOf, expectUntouched, populateTenant, sweepListings, sweepReferences } from '../test-support/tenant-sweep.js';
import { haWebStackDocument } from '../common/examples/ha-web-stack.js';
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

  // Every method of the contract is swept (two calls per reference): minutes on a loaded machine.
  it("answers another tenant's ids exactly as unknown ones and lists none of its records", { timeout: 180_000 }, async () => {
    const a = callerOf('tenant-a');
    const b = callerOf('tenant-b');
    const records = await populateTenant(engine, a);
    // Listings first: the reference sweep makes B write records of its own that name A's values (an event for an unknown instance).
    const listed = await sweepListings(engine, b, records);
    expect(listed).toEqual(expect.arrayContaining(['listTopologies', 'listJobs', 'listDeployments', 'listIpamPools', 'listAuditEntries']));
    const swept = await sweepReferences(engine, b, records);
    expect(swept.methods).toEqual(
      expect.arrayContaining([
        'getTopology',
        'getJob',
        'cancelJob',
        'getDeployment',
        'getStackInstance',
        'releaseIp',
        'getApprovalRequest',
        'approveApprovalRequest',
      ]),
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

  it('lets every tenant name its components and stacks freely, except after a shared one it sees', async () => {
    const content = {
      description: 'A web server',
      code: "export const url = 'http://localhost';\n",
      inputSchema: { type: 'object' },
      outputSchema: { type: 'object' },
      resolverBindings: {},
    };
    const call = (tenant: string, method: string, input: unknown) =>
      engine.dispatcher.dispatch(method, input, { caller: callerOf(tenant) });
    for (const tenant of ['tenant-a', 'tenant-b']) {
      expect(await call(tenant, 'createComponent', { name: 'web', provider: 'local', semanticType: 'Container', content })).toMatchObject({
        ok: true,
      });
      expect(await call(tenant, 'createStack', { name: 'shop', document: haWebStackDocument() })).toMatchObject({ ok: true });
    }
    for (const tenant of ['tenant-a', 'tenant-b']) {
      expect(await call(tenant, 'getComponent', { name: 'web' })).toMatchObject({ ok: true, result: { tenant } });
      expect(await call(tenant, 'getStack', { name: 'shop' })).toMatchObject({ ok: true, result: { tenant } });
    }
    // The provider shares a stack; a built-in component is shared too. A tenant may not hide either.
    expect(await call('provider', 'createStack', { name: 'db-pair', shared: true, document: haWebStackDocument() })).toMatchObject({
      ok: true,
    });
    const hidingComponent = await call('tenant-b', 'createComponent', {
      name: 'local-vm',
      provider: 'local',
      semanticType: 'Container',
      content,
    });
    expect(hidingComponent).toMatchObject({
      ok: false,
      error: {
        code: 'component_exists',
        message: expect.stringMatching(/shared .*local-vm.* may not hide it/),
        details: { shadows: 'provider' },
      },
    });
    const hidingStack = await call('tenant-b', 'createStack', { name: 'db-pair', document: haWebStackDocument() });
    expect(hidingStack).toMatchObject({ ok: false, error: { code: 'stack_exists', details: { shadows: 'provider' } } });
    // Nothing about another tenant shows, and the shared records stay what the tenant finds by name.
    expect(JSON.stringify([hidingComponent, hidingStack])).not.toContain('tenant-a');
    expect(await call('tenant-b', 'getComponent', { name: 'local-vm' })).toMatchObject({ ok: true, result: { tenant: null } });
    expect(await call('tenant-b', 'getStack', { name: 'db-pair' })).toMatchObject({ ok: true, result: { tenant: null } });
  });
});
