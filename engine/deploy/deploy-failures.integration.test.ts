import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeploymentRun } from '../api/schemas/deployments.js';
import type { TopologyDocument } from '../api/schemas/topology.js';
import { isAlive, killAll, processesMentioning } from '../components/builtin/local/processes.js';
import { deployTestEngine, node, publishFixtureComponent, wire, type DeployTestEngine } from './deploy-test-support.js';
import { until } from '../test-support/until.js';

// Failures and cancellation, end to end with the real Pulumi CLI: what fails is rolled back, what
// depends on it is not attempted, nothing created or allocated is left behind.
let harness: DeployTestEngine;
let halfFailing: string;
let doesNotCompile: string;
let throwsAfterCreate: string;

beforeAll(async () => {
  harness = await deployTestEngine();
  halfFailing = await publishFixtureComponent(harness, 'half-failing', 'half-failing');
  doesNotCompile = await publishFixtureComponent(harness, 'broken-program', 'does-not-compile');
  throwsAfterCreate = await publishFixtureComponent(harness, 'throwing-program', 'throws-after-create');
});
afterAll(async () => {
  await harness?.dispose();
  await killAll(processesMentioning(harness.dataDir));
});

async function deploy(name: string, document: TopologyDocument) {
  const { jobId } = await harness.call('startDeployment', { environment: 'dev', name, document });
  const job = await harness.settled(jobId);
  return { job, run: job.result as DeploymentRun };
}

async function destroy(name: string) {
  const { jobId } = await harness.call('startTopologyDestroy', { environment: 'dev', topology: name });
  const job = await harness.settled(jobId);
  expect(job.error).toBeNull();
}

const entries = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);

describe('deploy failures with the real Pulumi CLI', () => {
  it('rolls back a component whose provider fails half-way, skips its dependents and keeps the rest', { timeout: 240_000 }, async () => {
    const document: TopologyDocument = {
      schemaVersion: 1,
      nodes: [node('net', 'local-network@1'), node('broken', halfFailing), node('after', 'local-storage@1', {}, ['broken'])],
      wires: [wire('net', 'network_id', 'broken', 'network_id')],
    };
    const { job, run } = await deploy('failing', document);
    expect(job.status).toBe('failed');
    expect(job.error).toMatchObject({ code: 'topology_run_failed', message: expect.stringContaining('simulated provider failure') });
    const byNode = Object.fromEntries(run.nodes.map((n) => [n.nodeId, n]));
    expect(byNode.net!.outcome).toBe('created');
    expect(byNode.broken).toMatchObject({ outcome: 'failed', error: { code: 'pulumi_provider_error' } });
    expect(byNode.after!.outcome).toBe('skipped');

    const records = await harness.call('listDeployments', { environment: 'dev', topology: 'failing' });
    const broken = records.find((d) => d.nodeId === 'broken')!;
    expect(broken).toMatchObject({ status: 'failed', outputs: {} });
    expect(broken.error!.message).toContain('rolled back');
    // The marker it created before failing is gone, its name is released, its stack removed.
    expect(entries(path.join(harness.localRoot, 'markers'))).toEqual([]);
    expect(await harness.engine.store.deployments.allocationOwners()).not.toContain(`deployment:${broken.id}`);
    expect((await harness.engine.services.naming.list('env:dev')).some((issued) => issued.name === broken.values.name!.value)).toBe(false);
    expect(records.some((d) => d.nodeId === 'after')).toBe(false);
    // The network it was wired to stays deployed.
    expect(records.find((d) => d.nodeId === 'net')!.status).toBe('deployed');
    await destroy('failing');
    expect(await harness.engine.store.deployments.allocationOwners()).toEqual([]);
  });

  it('rolls back a component whose program throws after creating something', { timeout: 180_000 }, async () => {
    const { job, run } = await deploy('throwing', { schemaVersion: 1, nodes: [node('thrower', throwsAfterCreate)], wires: [] });
    expect(job.status).toBe('failed');
    expect(run.nodes[0]).toMatchObject({
      outcome: 'failed',
      error: { code: 'pulumi_program_error', message: expect.stringContaining('program failed after creating marker-') },
    });
    const record = (await harness.call('listDeployments', { environment: 'dev', topology: 'throwing' }))[0]!;
    expect(record).toMatchObject({ status: 'failed', outputs: {} });
    expect(record.error!.message).toContain('rolled back');
    expect(entries(path.join(harness.localRoot, 'markers'))).toEqual([]);
    expect(await harness.engine.store.deployments.allocationOwners()).toEqual([]);
    await destroy('throwing');
  });

  it('reports a program that does not compile with its file and line, and leaves nothing', { timeout: 180_000 }, async () => {
    const { job, run } = await deploy('uncompilable', { schemaVersion: 1, nodes: [node('bad', doesNotCompile)], wires: [] });
    expect(job.status).toBe('failed');
    const bad = run.nodes[0]!;
    expect(bad.outcome).toBe('failed');
    expect(bad.error).toMatchObject({ code: 'pulumi_compile_error', details: { file: expect.stringContaining('index.ts'), line: 4 } });
    expect(bad.error!.message).toMatch(/index\.ts:4/);
    const record = (await harness.call('listDeployments', { environment: 'dev', topology: 'uncompilable' }))[0]!;
    expect(record.error?.message, JSON.stringify(record.error)).toContain('rolled back');
    expect(await harness.engine.store.deployments.allocationOwners()).toEqual([]);
    await destroy('uncompilable');
  });

  it('cancels mid-deploy: the machine being created is rolled back and nodes not started are dropped', { timeout: 240_000 }, async () => {
    const document: TopologyDocument = {
      schemaVersion: 1,
      nodes: [node('net', 'local-network@1'), node('vm', 'local-vm@1', { memory_mb: 256 }), node('dns', 'local-dns@1')],
      wires: [
        wire('net', 'network_id', 'vm', 'network_id'),
        wire('vm', 'name', 'dns', 'hostname'),
        wire('vm', 'ip_address', 'dns', 'ip_address'),
      ],
    };
    const { jobId } = await harness.call('startDeployment', { environment: 'dev', name: 'cancelled', document });
    await until(
      () => harness.eventsOf(jobId).some((e) => e.type === 'resource.started' && e.nodeId === 'vm' && e.operation === 'create'),
      'the machine create has started',
      { timeoutMs: 120_000, intervalMs: 25 },
    );
    await harness.call('cancelJob', { id: jobId });
    const job = await harness.settled(jobId);
    expect(job.status).toBe('cancelled');
    const run = job.result as DeploymentRun;
    const byNode = Object.fromEntries(run.nodes.map((n) => [n.nodeId, n.outcome]));
    expect(byNode).toMatchObject({ net: 'created', vm: 'cancelled', dns: 'cancelled' });

    const records = await harness.call('listDeployments', { environment: 'dev', topology: 'cancelled' });
    const vm = records.find((d) => d.nodeId === 'vm');
    expect(vm?.status).toBe('failed');
    expect(entries(path.join(harness.localRoot, 'machines'))).toEqual([]);
    expect(records.some((d) => d.nodeId === 'dns')).toBe(false);
    const owners = await harness.engine.store.deployments.allocationOwners();
    expect(owners).toEqual([`deployment:${records.find((d) => d.nodeId === 'net')!.id}`]);
    // No machine process survived the rollback.
    await until(
      () => processesMentioning(path.join(harness.localRoot, 'machines')).filter(isAlive).length === 0,
      'no machine process is left',
      { timeoutMs: 10_000, intervalMs: 25 },
    );
    await destroy('cancelled');
    expect(await harness.engine.store.deployments.allocationOwners()).toEqual([]);
  });
});
