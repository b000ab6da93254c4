import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeploymentRun } from '../api/schemas/deployments.js';
import type { TopologyDocument } from '../api/schemas/topology.js';
import { killAll, processesMentioning } from '../components/builtin/local/processes.js';
import { deployTestEngine, node, wire, type DeployTestEngine } from '../deploy/deploy-test-support.js';

// A stack placed as a node of a topology, between two components, deployed with the real Pulumi CLI.
let harness: DeployTestEngine;

beforeAll(async () => {
  harness = await deployTestEngine();
  await harness.call('createStack', {
    name: 'doubler',
    document: {
      parameters: { type: 'object', required: ['size'], properties: { size: { type: 'integer', minimum: 1 } } },
      slots: [{ name: 'disk', component: 'local-storage@1', inputs: { size_mb: 'params.size * 2' } }],
      outputs: { size_mb: 'slots.disk.size_mb', path: 'slots.disk.path' },
      stateMachine: {
        states: [{ name: 'new', initial: true }, { name: 'active' }],
        transitions: [{ from: 'new', to: 'active', trigger: 'deploy', workflow: 'deploy' }],
      },
    },
  });
  await harness.call('publishStack', { name: 'doubler', changelog: 'First version' });
});
afterAll(async () => {
  await harness?.dispose();
  await killAll(processesMentioning(harness.dataDir));
});

/** source (2 MiB) → stack (its disk twice the size wired in) → sink (the stack's size output). */
const chain: TopologyDocument = {
  schemaVersion: 1,
  nodes: [node('source', 'local-storage@1', { size_mb: 2 }), node('double', 'stack:doubler@1'), node('sink', 'local-storage@1')],
  wires: [wire('source', 'size_mb', 'double', 'size'), wire('double', 'size_mb', 'sink', 'size_mb')],
};

describe('a stack placed as a topology node', () => {
  it('plans as one node with the stack’s parameters and outputs', async () => {
    const plan = await harness.call('planTopology', { environment: 'dev', document: chain });
    expect(plan.issues).toEqual([]);
    expect(plan.groups).toEqual([['source'], ['double'], ['sink']]);
    const broken = await harness.call('planTopology', {
      environment: 'dev',
      document: { ...chain, wires: [wire('double', 'path', 'sink', 'size_mb')] },
    });
    expect([...broken.issues, ...broken.nodes.flatMap((n) => n.issues)].map((issue) => issue.message)).toContainEqual(
      expect.stringMatching(/type mismatch: stack:doubler@1 output path is string, but local-storage@1 input size_mb expects integer/),
    );
  });

  it('deploys its slots between the nodes it is wired to, and destroys them with the topology', { timeout: 300_000 }, async () => {
    const { jobId } = await harness.call('startDeployment', { environment: 'dev', name: 'chain', document: chain });
    const job = await harness.settled(jobId);
    expect(job.error).toBeNull();
    expect(Object.fromEntries((job.result as DeploymentRun).nodes.map((n) => [n.nodeId, n.outcome]))).toEqual({
      source: 'created',
      'double/disk': 'created',
      sink: 'created',
    });
    const deployments = Object.fromEntries(
      (await harness.call('listDeployments', { environment: 'dev', topology: 'chain' })).map((d) => [d.nodeId, d]),
    );
    expect(deployments['double/disk']).toMatchObject({ label: 'double/disk', values: { size_mb: { value: 4, source: 'wire' } } });
    expect(deployments.sink!.values.size_mb).toMatchObject({ value: 4, source: 'wire' });
    expect(statSync(deployments.sink!.outputs.path as string).size).toBe(4 * 1024 * 1024);

    // Unchanged, it stays unchanged.
    const again = await harness.settled(
      (await harness.call('startDeployment', { environment: 'dev', name: 'chain', document: chain })).jobId,
    );
    expect((again.result as DeploymentRun).nodes.map((n) => n.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);

    const destroyed = await harness.settled((await harness.call('startTopologyDestroy', { environment: 'dev', topology: 'chain' })).jobId);
    expect(destroyed.status).toBe('succeeded');
    expect(await harness.call('listDeployments', { environment: 'dev', topology: 'chain' })).toEqual([]);
  });
});
