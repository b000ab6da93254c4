import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { permissionAuthorizer, type Caller } from '../api/authorization.js';
import { PERMISSIONS } from '../common/permissions.js';
import { createEngine, type Engine } from '../engine.js';
import { callerOf } from '../test-support/tenant-sweep.js';
import { tempDir } from '../test-support/temp-dir.js';

type Outcome = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string; details: unknown } };

describe('cost estimates through the API', () => {
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

  const call = async (caller: Caller, method: string, input: unknown) =>
    (await engine.dispatcher.dispatch(method, input, { caller })) as Outcome;
  const must = async <T>(caller: Caller, method: string, input: unknown): Promise<T> => {
    const outcome = await call(caller, method, input);
    if (!outcome.ok) throw new Error(`${method}: ${outcome.error.code}: ${outcome.error.message}`);
    return outcome.result as T;
  };

  it("prices a tenant's topology from its own rate card; another tenant sees neither, a reader may not set one", async () => {
    const a = callerOf('tenant-a');
    const b = callerOf('tenant-b');
    await must(a, 'createIpamPool', { name: 'pool', cidr: '10.80.0.0/24' });
    await must(a, 'createLandingZone', { name: 'pve', provider: 'proxmox', resolverConfig: { ipam: { pool: 'pool' } } });
    await must(a, 'createEnvironment', { name: 'prod', landingZone: 'pve' });
    const topology = await must<{ id: string }>(a, 'createTopology', {
      name: 'priced',
      document: {
        schemaVersion: 1,
        nodes: [
          {
            id: 'db',
            label: 'db',
            component: 'proxmox-vm@1',
            position: { x: 0, y: 0 },
            params: { cores: 2, memory_mb: 2048, disk_gb: 10 },
          },
        ],
        wires: [],
      },
    });
    await must(a, 'setRateCard', { landingZone: 'pve', perCore: 4, perGbRam: 2, perGbDisk: 0.2 });
    const estimate = await must<{ monthlyTotal: number; currency: string; pricingDate: string }>(a, 'estimateTopologyCost', {
      id: topology.id,
      environment: 'prod',
    });
    expect(estimate).toMatchObject({ monthlyTotal: 14, currency: 'USD', pricingDate: '2026-12-01' });

    // Tenant B: A's landing zone, rate card and topology read as unknown.
    expect(await call(b, 'setRateCard', { landingZone: 'pve', perCore: 1, perGbRam: 1, perGbDisk: 1 })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await must(b, 'listRateCards', {})).toEqual([]);
    expect(await call(b, 'estimateTopologyCost', { id: topology.id, environment: 'prod' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await call(b, 'removeRateCard', { landingZone: 'pve' })).toMatchObject({ ok: false, error: { code: 'not_found' } });

    // A reader of tenant A sees the card and the estimate, and may not change the card.
    const reader: Caller = {
      id: 'reader',
      tenant: 'tenant-a',
      permissions: new Set(PERMISSIONS.filter((p) => p !== 'resolver:config:manage')),
    };
    expect(await must(reader, 'listRateCards', {})).toEqual([expect.objectContaining({ landingZoneName: 'pve', perCore: 4 })]);
    expect(await call(reader, 'setRateCard', { landingZone: 'pve', perCore: 0, perGbRam: 0, perGbDisk: 0 })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await call(reader, 'importPricingSnapshot', { text: '{}' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // Hostile inputs: negative rates and a bad usage entry are refused with their paths.
    const negative = await call(a, 'setRateCard', { landingZone: 'pve', perCore: -1, perGbRam: 1, perGbDisk: 1 });
    expect(negative).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(JSON.stringify(negative)).toContain('perCore');
    const usage = await call(a, 'estimateTopologyCost', {
      id: topology.id,
      environment: 'prod',
      usage: { version: 1, nodes: { db: { monthly_egress_gb: 'x' } } },
    });
    expect(usage).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(JSON.stringify(usage)).toContain('usage.nodes.db.monthly_egress_gb');

    // The audit names the change.
    const audit = await must<{ action: string }[]>(a, 'listAuditEntries', { entity: 'rate-card' });
    expect(audit.map((row) => row.action)).toEqual(['rate-card.set']);
  });
});
