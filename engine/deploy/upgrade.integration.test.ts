import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployTestEngine, node, type DeployTestEngine } from './deploy-test-support.js';

// Upgrading a deployed component to a newer version of its component, with the real Pulumi CLI.
let harness: DeployTestEngine;

beforeAll(async () => {
  harness = await deployTestEngine();
  // A tenant component built from the local disk: version 1 as shipped, version 2 grows disks to 16 MiB on upgrade.
  const base = await harness.call('getComponentVersion', { name: 'local-storage', version: 1 });
  const { upgrade: _none, ...content } = base;
  await harness.call('createComponent', { name: 'team-disk', provider: 'local', semanticType: 'BlockStorage', content });
  await harness.call('publishComponent', { name: 'team-disk', changelog: 'first' });
});
afterAll(async () => {
  await harness?.dispose();
});

describe('upgrading a deployment', () => {
  it('applies the new version’s upgrade step, updates in place and re-pins the version', { timeout: 240_000 }, async () => {
    const { jobId } = await harness.call('startDeployment', {
      environment: 'dev',
      name: 'disks',
      document: { schemaVersion: 1, nodes: [node('data', 'team-disk@1', { size_mb: 8 })], wires: [] },
    });
    expect((await harness.settled(jobId)).error).toBeNull();
    const [deployment] = await harness.call('listDeployments', { environment: 'dev', topology: 'disks' });
    expect(statSync(deployment!.outputs.path as string).size).toBe(8 * 1024 * 1024);

    // Upgrading to the version it already has is refused with the reason.
    const same = await harness.call('upgradeDeployment', { id: deployment!.id, version: 1 });
    expect((await harness.settled(same.jobId)).error).toMatchObject({ code: 'upgrade_not_newer' });

    const detail = await harness.call('getComponent', { name: 'team-disk' });
    await harness.call('updateComponentDraft', {
      name: 'team-disk',
      expectedRevision: detail.draftRevision,
      content: { ...detail.draft, upgrade: { renameInputs: {}, removeInputs: [], setInputs: { size_mb: 16 } } },
    });
    await harness.call('publishComponent', { name: 'team-disk', changelog: 'disks of 16 MiB' });

    const { jobId: upgradeJob } = await harness.call('upgradeDeployment', { id: deployment!.id });
    const job = await harness.settled(upgradeJob);
    expect(job.error).toBeNull();
    const upgraded = (await harness.call('getDeployment', { id: deployment!.id })).deployment;
    expect(upgraded).toMatchObject({ version: 2, status: 'deployed' });
    expect(upgraded.values.size_mb).toEqual({ value: 16, source: 'user' });
    // Same disk, same name (kept from the first deploy), grown in place.
    expect(upgraded.values.name).toEqual(deployment!.values.name);
    expect(upgraded.outputs.path).toBe(deployment!.outputs.path);
    expect(statSync(upgraded.outputs.path as string).size).toBe(16 * 1024 * 1024);
    expect(harness.eventsOf(upgradeJob).some((e) => e.type === 'node.status' && e.status === 'updating')).toBe(true);

    const { jobId: destroyJob } = await harness.call('destroyDeployment', { id: deployment!.id });
    expect((await harness.settled(destroyJob)).error).toBeNull();
    expect(await harness.engine.store.deployments.allocationOwners()).toEqual([]);
    expect(await harness.call('listDeployedTopologies', {})).toEqual([]);
  });
});
