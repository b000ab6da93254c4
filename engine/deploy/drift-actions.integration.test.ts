import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment, DeploymentRun, DriftResolutionResult } from '../api/schemas/deployments.js';
import type { TopologyDocument } from '../api/schemas/topology.js';
import { deployTestEngine, node, type DeployTestEngine } from './deploy-test-support.js';

// Drift you can act on, end to end: real SQLite, the real Pulumi CLI, the local provider's real
// network directories edited behind Nimbus' back.
let harness: DeployTestEngine;

beforeAll(async () => {
  harness = await deployTestEngine();
});
afterAll(async () => {
  await harness?.dispose();
});

/** Two networks: `net` keeps the default MTU, `lan` sets one by hand. */
const topology = (lanMtu = 1400): TopologyDocument => ({
  schemaVersion: 1,
  nodes: [node('net', 'local-network@1'), node('lan', 'local-network@1', { mtu: lanMtu })],
  wires: [],
});

async function deploy(document: TopologyDocument): Promise<DeploymentRun> {
  const { jobId } = await harness.call('startDeployment', { environment: 'dev', name: 'office', document });
  const job = await harness.settled(jobId);
  expect(job.error).toBeNull();
  return job.result as DeploymentRun;
}

const deployment = async (nodeId: string): Promise<Deployment> =>
  (await harness.call('listDeployments', { environment: 'dev', includeDestroyed: true })).find((d) => d.nodeId === nodeId)!;
const networkFile = (d: Deployment) => path.join(d.outputs.path as string, 'network.json');
const mtuOnDisk = (d: Deployment) => (JSON.parse(readFileSync(networkFile(d), 'utf8')) as { mtu: number }).mtu;
const setMtuOnDisk = (d: Deployment, mtu: number) =>
  writeFileSync(networkFile(d), readFileSync(networkFile(d), 'utf8').replace(/"mtu": \d+/, `"mtu": ${mtu}`));
const history = (d: Deployment) => harness.call('listDriftRecords', { deploymentId: d.id });

async function check(d: Deployment): Promise<void> {
  const job = await harness.settled((await harness.call('startDriftCheck', { deploymentId: d.id })).jobId);
  expect(job.status).toBe('succeeded');
}

async function settle(start: Promise<{ jobId: string }>): Promise<DriftResolutionResult> {
  const job = await harness.settled((await start).jobId);
  expect(job.error).toBeNull();
  expect(job.status).toBe('succeeded');
  return job.result as DriftResolutionResult;
}

describe('drift repair and accept with the real Pulumi CLI and the local provider', () => {
  it('deploys two networks', { timeout: 180_000 }, async () => {
    const run = await deploy(topology());
    expect(run.nodes.map((n) => n.outcome)).toEqual(['created', 'created']);
    expect(mtuOnDisk(await deployment('net'))).toBe(1500);
    expect(mtuOnDisk(await deployment('lan'))).toBe(1400);
  });

  it(
    'refuses repair and accept with clear errors when nothing drifted, the id is unknown or the request is empty',
    { timeout: 120_000 },
    async () => {
      const net = await deployment('net');
      await expect(harness.call('repairDrift', { id: net.id })).rejects.toMatchObject({
        code: 'not_drifted',
        message: expect.stringContaining('never been checked'),
      });
      await check(net);
      await check(net);
      await expect(harness.call('repairDrift', { id: net.id })).rejects.toMatchObject({
        code: 'not_drifted',
        message: expect.stringContaining('found it in sync'),
      });
      await expect(harness.call('acceptDrift', { id: net.id, all: true })).rejects.toMatchObject({ code: 'not_drifted' });
      await expect(harness.call('repairDrift', { id: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({
        code: 'not_found',
      });
      await expect(harness.call('acceptDrift', { id: net.id })).rejects.toMatchObject({ code: 'invalid_input' });
      await expect(harness.call('acceptDrift', { id: net.id, fields: ['mtu'], all: true })).rejects.toMatchObject({
        code: 'invalid_input',
      });
      // Two checks that found the same: one history row that counts them.
      const rows = await history(net);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ change: 'in-sync', drifted: false, checks: 2 });
      expect(rows[0]!.lastCheckedAt >= rows[0]!.checkedAt).toBe(true);
    },
  );

  it(
    'keeps a history of changes: drift found, the same again (counted), drift changed; the deployment shows drifted',
    { timeout: 120_000 },
    async () => {
      const net = await deployment('net');
      setMtuOnDisk(net, 9000);
      await check(net);
      await check(net);
      setMtuOnDisk(net, 8000);
      await check(net);
      const rows = await history(net);
      expect(rows.map((row) => [row.change, row.checks])).toEqual([
        ['drift-changed', 1],
        ['drift-found', 2],
        ['in-sync', 2],
      ]);
      expect(rows[0]!.entries[0]!.properties).toContainEqual({ name: 'mtu', expected: 1500, actual: 8000 });
      expect((await deployment('net')).drifted).toBe(true);
      expect((await deployment('lan')).drifted).toBe(false);
      expect((await harness.call('listDeployedTopologies', { environment: 'dev' }))[0]).toMatchObject({ topology: 'office', drifted: 1 });
    },
  );

  it(
    'accepts the real value into the record with its source; the next check is in sync and the next deploy keeps it',
    { timeout: 240_000 },
    async () => {
      const net = await deployment('net');
      await expect(harness.call('acceptDrift', { id: net.id, fields: ['gateway'] })).rejects.toMatchObject({
        code: 'drift_field_unknown',
        message: expect.stringContaining('drifted: mtu'),
      });
      const result = await settle(harness.call('acceptDrift', { id: net.id, fields: ['mtu'] }));
      expect(result).toMatchObject({ action: 'accept', drifted: false, accepted: [{ name: 'mtu', from: 1500, to: 8000 }] });
      const accepted = await deployment('net');
      expect(accepted.values.mtu).toMatchObject({
        value: 8000,
        source: 'drift-accepted',
        replaced: 1500,
        detail: expect.stringContaining('accepted from drift'),
      });
      expect(accepted.drifted).toBe(false);
      expect(mtuOnDisk(accepted)).toBe(8000);
      expect((await history(net))[0]).toMatchObject({ change: 'accepted', drifted: false, note: 'accepted mtu 1500 → 8000' });

      await check(net);
      const rows = await history(net);
      expect(rows).toHaveLength(4);
      expect(rows[0]).toMatchObject({ change: 'accepted', checks: 2 });

      // The topology still leaves mtu to its default: the accepted value stands, nothing is redeployed.
      const run = await deploy(topology());
      expect(Object.fromEntries(run.nodes.map((n) => [n.nodeId, n.outcome]))).toEqual({ net: 'unchanged', lan: 'unchanged' });
      expect((await deployment('net')).values.mtu).toMatchObject({ value: 8000, source: 'drift-accepted' });
      expect(mtuOnDisk(net)).toBe(8000);
    },
  );

  it(
    'keeps an accepted value over the value set by hand it replaced, until the topology asks for another',
    { timeout: 300_000 },
    async () => {
      const lan = await deployment('lan');
      setMtuOnDisk(lan, 1200);
      await check(lan);
      await settle(harness.call('acceptDrift', { id: lan.id, all: true }));
      expect((await deployment('lan')).values.mtu).toMatchObject({ value: 1200, source: 'drift-accepted', replaced: 1400 });
      expect((await deploy(topology(1400))).nodes.find((n) => n.nodeId === 'lan')!.outcome).toBe('unchanged');
      expect(mtuOnDisk(lan)).toBe(1200);

      const changed = await deploy(topology(1300));
      expect(changed.nodes.find((n) => n.nodeId === 'lan')!.outcome).toBe('updated');
      expect((await deployment('lan')).values.mtu).toEqual({ value: 1300, source: 'user' });
      expect(mtuOnDisk(lan)).toBe(1300);
    },
  );

  it(
    'repairs drift: the recorded values are deployed again, the real object is restored and the deployment is in sync',
    { timeout: 240_000 },
    async () => {
      const net = await deployment('net');
      setMtuOnDisk(net, 9000);
      await check(net);
      expect((await deployment('net')).drifted).toBe(true);
      const { jobId } = await harness.call('repairDrift', { id: net.id });
      const job = await harness.settled(jobId);
      expect(job.error).toBeNull();
      expect(job.kind).toBe('deploy.repair');
      expect(job.result).toMatchObject({ action: 'repair', drifted: false, accepted: [] });
      const events = harness.eventsOf(jobId);
      expect(events.some((e) => e.type === 'node.status' && e.status === 'updating')).toBe(true);
      expect(events.some((e) => e.type === 'job.progress' && e.done === 1 && e.total === 1)).toBe(true);
      // The recorded (accepted) value is what the object is put back to.
      expect(mtuOnDisk(net)).toBe(8000);
      expect((await deployment('net')).drifted).toBe(false);
      expect((await history(net))[0]).toMatchObject({ change: 'repaired', drifted: false });
      await check(net);
      expect((await history(net))[0]).toMatchObject({ change: 'repaired', checks: 2 });
    },
  );

  it('refuses to accept a deleted object, and repair recreates it', { timeout: 240_000 }, async () => {
    const net = await deployment('net');
    rmSync(net.outputs.path as string, { recursive: true, force: true });
    await check(net);
    expect((await history(net))[0]!.entries[0]).toMatchObject({ change: 'deleted' });
    await expect(harness.call('acceptDrift', { id: net.id, all: true })).rejects.toMatchObject({
      code: 'drift_not_acceptable',
      message: expect.stringContaining('was deleted'),
    });
    expect((await settle(harness.call('repairDrift', { id: net.id }))).drifted).toBe(false);
    expect(existsSync(networkFile(net))).toBe(true);
    expect(mtuOnDisk(net)).toBe(8000);
  });

  it('refuses a real value the component contract does not allow', { timeout: 120_000 }, async () => {
    const net = await deployment('net');
    setMtuOnDisk(net, 100);
    await check(net);
    await expect(harness.call('acceptDrift', { id: net.id, fields: ['mtu'] })).rejects.toMatchObject({
      code: 'drift_not_acceptable',
      message: expect.stringContaining('mtu must be >= 576'),
    });
    expect((await deployment('net')).values.mtu).toMatchObject({ value: 8000 });
  });

  it('refuses repair and accept of a destroyed deployment', { timeout: 180_000 }, async () => {
    const net = await deployment('net');
    expect((await harness.settled((await harness.call('destroyDeployment', { id: net.id })).jobId)).status).toBe('succeeded');
    await expect(harness.call('repairDrift', { id: net.id })).rejects.toMatchObject({
      code: 'deployment_not_deployed',
      message: expect.stringContaining('is destroyed'),
    });
    await expect(harness.call('acceptDrift', { id: net.id, all: true })).rejects.toMatchObject({ code: 'deployment_not_deployed' });
    expect((await deployment('net')).drifted).toBe(false);
  });
});
