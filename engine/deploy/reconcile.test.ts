import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeploymentStatus } from '../api/schemas/deployments.js';
import type { WireError } from '../api/schemas/jobs.js';
import { deployTestEngine, type DeployTestEngine } from './deploy-test-support.js';

// Crash recovery's sweep of allocations, on a real engine and store: no Pulumi operation is involved,
// because none of these deployments was interrupted mid-operation.
let harness: DeployTestEngine;
beforeEach(async () => {
  harness = await deployTestEngine();
});
afterEach(async () => {
  await harness.dispose();
});

/** A deployment record in `status`, holding one address and one name under its owner. */
async function deployment(
  label: string,
  status: DeploymentStatus,
  change: { everDeployed?: boolean; error?: WireError } = {},
): Promise<string> {
  const { store } = harness.engine;
  const id = randomUUID();
  const owner = `deployment:${id}`;
  await store.deployments.insert({
    id,
    environment: 'dev',
    topology: 'shop',
    nodeId: label,
    label,
    component: 'local-vm',
    version: 1,
    provider: 'local',
    semanticType: 'VirtualMachine',
    stackName: `dev-shop-${label}`,
    owner,
    values: {},
  });
  await store.deployments.update(id, {
    status,
    ...(change.everDeployed ? { everDeployed: true } : {}),
    ...(change.error ? { error: change.error } : {}),
  });
  await holdings(owner);
  return owner;
}

async function holdings(owner: string): Promise<void> {
  const { ipam, naming } = harness.engine.services.resolvers();
  await ipam.allocate({ pool: 'lab' }, { kind: 'address' }, owner);
  await naming.issue({ pattern: '{env}-{seq:03d}', context: { env: 'dev' }, scope: 'env:dev' }, owner);
}

const owners = async () => {
  const { ipam, naming } = harness.engine.services.resolvers();
  return {
    addresses: new Set((await ipam.listAllocations({ pool: 'lab' })).map((a) => a.owner)),
    names: new Set((await naming.list('env:dev')).map((n) => n.owner)),
  };
};

describe('crash recovery releases only what it can prove is dead', () => {
  it('keeps allocations made by hand and those of live or kept deployments; releases those of dead deployments', async () => {
    await holdings('deployment:foo'); // made by hand: names no deployment
    const deployed = await deployment('web', 'deployed', { everDeployed: true });
    const updateFailed = await deployment('db', 'failed', {
      everDeployed: true,
      error: { code: 'deploy_failed', message: 'update failed', details: {} },
    });
    const rollbackFailed = await deployment('cache', 'failed', {
      error: { code: 'rollback_failed', message: 'rolling back failed too', details: {} },
    });
    const rolledBack = await deployment('queue', 'failed', {
      error: { code: 'deploy_failed', message: 'first deploy failed', details: {} },
    });
    const destroyed = await deployment('old', 'destroyed', { everDeployed: true });

    const report = await harness.engine.deploy.recover();
    expect(report?.releasedOwners.sort()).toEqual([destroyed, rolledBack].sort());
    const { addresses, names } = await owners();
    for (const kept of ['deployment:foo', deployed, updateFailed, rollbackFailed]) {
      expect(addresses.has(kept), kept).toBe(true);
      expect(names.has(kept), kept).toBe(true);
    }
    for (const released of [destroyed, rolledBack]) {
      expect(addresses.has(released), released).toBe(false);
      expect(names.has(released), released).toBe(false);
    }
    // Nothing left to prove dead: a second start has nothing to do.
    expect(await harness.engine.deploy.recover()).toBeNull();
  });

  it('releases the allocations of a deployment whose first deploy died before it started', async () => {
    const pending = await deployment('web', 'pending');
    const report = await harness.engine.deploy.recover();
    expect(report?.deployments).toMatchObject([{ label: 'web', action: 'released' }]);
    expect((await owners()).addresses.has(pending)).toBe(false);
    expect((await owners()).names.has(pending)).toBe(false);
  });
});
