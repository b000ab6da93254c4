import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeploymentRun } from '../api/schemas/deployments.js';
import type { TopologyDocument } from '../api/schemas/topology.js';
import { isAlive, killAll, processesMentioning } from '../components/builtin/local/processes.js';
import { deployTestEngine, node, wire, type DeployTestEngine } from './deploy-test-support.js';
import { until } from '../test-support/until.js';

// The deploy engine end to end: real SQLite, the real Pulumi CLI, the local provider's real objects.
let harness: DeployTestEngine;

beforeAll(async () => {
  harness = await deployTestEngine();
});
afterAll(async () => {
  await harness?.dispose();
  await killAll(processesMentioning(harness.dataDir));
});

/** Six components in three waves: a network, a disk and a secret; two machines on the network; a DNS record for one. */
function sixNodeTopology(appCores = 1): TopologyDocument {
  return {
    schemaVersion: 1,
    nodes: [
      node('net', 'local-network@1'),
      node('disk', 'local-storage@1', { size_mb: 8 }),
      node('secret', 'local-secret@1'),
      node('web', 'local-vm@1', { cores: 1, memory_mb: 256 }, ['disk']),
      node('app', 'local-vm@1', { cores: appCores, memory_mb: 256 }, ['secret']),
      node('dns', 'local-dns@1', { zone: 'nimbus.internal' }),
    ],
    wires: [
      wire('net', 'network_id', 'web', 'network_id'),
      wire('net', 'network_id', 'app', 'network_id'),
      wire('web', 'name', 'dns', 'hostname'),
      wire('web', 'ip_address', 'dns', 'ip_address'),
    ],
  };
}

async function run(method: 'startDeployment', document: TopologyDocument) {
  const { jobId } = await harness.call(method, { environment: 'dev', name: 'shop', document });
  const job = await harness.settled(jobId);
  return { job, run: job.result as DeploymentRun, events: harness.eventsOf(jobId) };
}

const outcomes = (result: DeploymentRun) => Object.fromEntries(result.nodes.map((n) => [n.nodeId, n.outcome]));

describe('topology deployment with the real Pulumi CLI and the local provider', () => {
  it(
    'deploys six components in three waves, wiring outputs into inputs, and the real objects carry the resolved values',
    { timeout: 300_000 },
    async () => {
      const { job, run: result, events } = await run('startDeployment', sixNodeTopology());
      expect(job.error).toBeNull();
      expect(job.status).toBe('succeeded');
      expect(outcomes(result)).toEqual({
        net: 'created',
        disk: 'created',
        secret: 'created',
        web: 'created',
        app: 'created',
        dns: 'created',
      });

      const deployments = await harness.call('listDeployments', { environment: 'dev', topology: 'shop' });
      const byNode = Object.fromEntries(deployments.map((d) => [d.nodeId, d]));
      expect(Object.values(byNode).every((d) => d.status === 'deployed')).toBe(true);

      // The network directory holds the CIDR IPAM allocated.
      const net = byNode.net!;
      const cidr = net.values.cidr!.value as string;
      expect(net.values.cidr!.source).toBe('resolver');
      expect(cidr).toMatch(/^10\.44\.\d+\.0\/24$/);
      const networkFile = JSON.parse(
        readFileSync(path.join(harness.localRoot, 'networks', net.values.name!.value as string, 'network.json'), 'utf8'),
      ) as { cidr: string };
      expect(networkFile.cidr).toBe(cidr);

      // Machines joined the network through the wire, run as real processes and answer on their endpoint.
      for (const id of ['web', 'app']) {
        const vm = byNode[id]!;
        expect(vm.values.network_id).toMatchObject({ value: net.outputs.network_id, source: 'wire' });
        // Its address is a host of the network's subnet (not the pool's next free address at large).
        expect(vm.values.ip_address!.detail).toBe(`ipam: allocated in net's subnet ${cidr}`);
        expect(vm.values.ip_address!.value).toMatch(new RegExp(`^${cidr.replace(/\.0\/24$/, '').replaceAll('.', '\\.')}\\.\\d+$`));
        expect(isAlive(vm.outputs.pid as number)).toBe(true);
        const answer = (await (await fetch(vm.outputs.endpoint as string)).json()) as Record<string, unknown>;
        expect(answer).toMatchObject({
          name: vm.values.name!.value,
          network_id: net.outputs.network_id,
          ip_address: vm.values.ip_address!.value,
        });
      }
      // The disk is a sparse file of the requested size; the secret file holds the generated secret, never in the record.
      expect(statSync(byNode.disk!.outputs.path as string).size).toBe(8 * 1024 * 1024);
      const secretRef = byNode.secret!.values.value!.value as string;
      expect(secretRef).toMatch(/^secret:\/\//);
      const secretText = readFileSync(byNode.secret!.outputs.path as string, 'utf8');
      expect(secretText).toBe(await harness.engine.services.secrets().reveal(secretRef));
      expect(JSON.stringify(deployments)).not.toContain(secretText);
      // DNS got web's name and address over two wires (wave 3).
      const zone = readFileSync(path.join(harness.localRoot, 'dns', 'nimbus.internal.hosts'), 'utf8');
      expect(zone).toContain(`${byNode.web!.values.ip_address!.value}\t${byNode.web!.values.name!.value}.nimbus.internal`);

      // Dependency order: each node started only after every node it depends on had deployed (it need not
      // wait for the rest of its wave: web may start before secret finishes).
      const statusAt = (nodeId: string, status: string) =>
        events.findIndex((e) => e.type === 'node.status' && e.nodeId === nodeId && e.status === status);
      for (const id of ['net', 'disk', 'secret', 'web', 'app', 'dns'])
        expect(statusAt(id, 'succeeded'), id).toBeGreaterThan(statusAt(id, 'deploying'));
      expect(statusAt('web', 'deploying')).toBeGreaterThan(Math.max(statusAt('net', 'succeeded'), statusAt('disk', 'succeeded')));
      expect(statusAt('app', 'deploying')).toBeGreaterThan(Math.max(statusAt('net', 'succeeded'), statusAt('secret', 'succeeded')));
      expect(statusAt('dns', 'deploying')).toBeGreaterThan(statusAt('web', 'succeeded'));
      expect(
        events.some((e) => e.type === 'resource.finished' && e.nodeId === 'web' && e.operation === 'create' && e.status === 'succeeded'),
      ).toBe(true);

      // CMDB: one item per deployment with the provider id and URN, relationships from the wires.
      const cmdb = await harness.call('listCmdbItems', { environment: 'dev' });
      expect(cmdb.items).toHaveLength(6);
      const webItem = cmdb.items.find((item) => item.deploymentId === byNode.web!.id)!;
      expect(webItem).toMatchObject({
        semanticType: 'VirtualMachine',
        provider: 'local',
        providerId: byNode.web!.outputs.machine_id,
        status: 'active',
      });
      expect(webItem.urn, JSON.stringify(webItem)).toMatch(/^urn:pulumi:.*Machine::/);
      const netItem = cmdb.items.find((item) => item.deploymentId === net.id)!;
      expect(cmdb.relationships).toContainEqual({
        source: netItem.id,
        target: webItem.id,
        kind: 'wire',
        detail: 'network_id → network_id',
      });
    },
  );

  it('re-deploys an unchanged topology without changing anything', { timeout: 120_000 }, async () => {
    const before = await harness.call('listDeployments', { environment: 'dev', topology: 'shop' });
    const { job, run: result } = await run('startDeployment', sixNodeTopology());
    expect(job.status).toBe('succeeded');
    expect(new Set(Object.values(outcomes(result)))).toEqual(new Set(['unchanged']));
    const after = await harness.call('listDeployments', { environment: 'dev', topology: 'shop' });
    const snapshot = (list: typeof before) =>
      list.map((d) => [d.id, d.values, d.outputs, d.deployedAt]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(snapshot(after)).toEqual(snapshot(before));
  });

  it('after one parameter changes, updates only that component, in place', { timeout: 180_000 }, async () => {
    const app = (await harness.call('listDeployments', { environment: 'dev', topology: 'shop' })).find((d) => d.nodeId === 'app')!;
    const { job, run: result } = await run('startDeployment', sixNodeTopology(2));
    expect(job.status).toBe('succeeded');
    expect(outcomes(result)).toEqual({
      net: 'unchanged',
      disk: 'unchanged',
      secret: 'unchanged',
      web: 'unchanged',
      app: 'updated',
      dns: 'unchanged',
    });
    const updated = (await harness.call('getDeployment', { id: app.id })).deployment;
    expect(updated.values.cores).toMatchObject({ value: 2, source: 'user' });
    // Same process, same address and name: updated in place, nothing re-allocated.
    expect(updated.outputs.pid).toBe(app.outputs.pid);
    expect(updated.values.ip_address).toEqual(app.values.ip_address);
    expect(await (await fetch(updated.outputs.endpoint as string)).json()).toMatchObject({ cores: 2 });
  });

  it('re-deploys a component whose work directory was deleted', { timeout: 120_000 }, async () => {
    const app = (await harness.call('listDeployments', { environment: 'dev', topology: 'shop' })).find((d) => d.nodeId === 'app')!;
    rmSync(path.join(harness.dataDir, 'work', app.id), { recursive: true, force: true });
    const { job, run: result } = await run('startDeployment', sixNodeTopology(3));
    expect(job.error).toBeNull();
    expect(outcomes(result).app).toBe('updated');
    expect(await (await fetch(app.outputs.endpoint as string)).json()).toMatchObject({ cores: 3 });
  });

  it('records drift when a real object is changed behind Nimbus’ back, and none when it is not', { timeout: 120_000 }, async () => {
    const deployments = await harness.call('listDeployments', { environment: 'dev', topology: 'shop' });
    const net = deployments.find((d) => d.nodeId === 'net')!;
    const disk = deployments.find((d) => d.nodeId === 'disk')!;
    const file = path.join(net.outputs.path as string, 'network.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"mtu": 1500', '"mtu": 9000'));
    const { jobId } = await harness.call('startDriftCheck', { environment: 'dev' });
    const job = await harness.settled(jobId);
    expect(job.status).toBe('succeeded');
    const netDrift = await harness.call('listDriftRecords', { deploymentId: net.id });
    expect(netDrift[0]).toMatchObject({ drifted: true });
    expect(netDrift[0]!.entries[0]!.properties).toContainEqual({ name: 'mtu', expected: 1500, actual: 9000 });
    expect((await harness.call('listDriftRecords', { deploymentId: disk.id }))[0]).toMatchObject({ drifted: false, entries: [] });
    // A drift check changes nothing: the file keeps the hand edit, the record its deployed value.
    expect(readFileSync(file, 'utf8')).toContain('"mtu": 9000');
  });

  it('refuses a second deploy to the same environment while one runs, naming the one that runs', { timeout: 120_000 }, async () => {
    // A changed document, so the first deploy really runs Pulumi (an unchanged one ends at once).
    const { jobId } = await harness.call('startDeployment', { environment: 'dev', name: 'shop', document: sixNodeTopology(4) });
    await expect(
      harness.call('startDeployment', {
        environment: 'dev',
        name: 'other',
        document: { schemaVersion: 1, nodes: [node('n', 'local-storage@1')], wires: [] },
      }),
    ).rejects.toMatchObject({
      code: 'environment_busy',
      message: expect.stringContaining('Deploy shop to dev'),
    });
    expect((await harness.settled(jobId)).status).toBe('succeeded');
  });

  it('destroys the topology dependents first: objects gone, processes stopped, allocations released', { timeout: 180_000 }, async () => {
    const deployments = await harness.call('listDeployments', { environment: 'dev', topology: 'shop' });
    const pids = deployments.filter((d) => d.component === 'local-vm').map((d) => d.outputs.pid as number);
    const { jobId } = await harness.call('startTopologyDestroy', { environment: 'dev', topology: 'shop' });
    const job = await harness.settled(jobId);
    expect(job.error).toBeNull();
    const events = harness.eventsOf(jobId);
    const destroyedAt = (nodeId: string) =>
      events.findIndex((e) => e.type === 'node.status' && e.nodeId === nodeId && e.status === 'destroying');
    expect(destroyedAt('dns')).toBeLessThan(destroyedAt('web'));
    expect(destroyedAt('web')).toBeLessThan(destroyedAt('net'));

    expect(await harness.call('listDeployments', { environment: 'dev' })).toEqual([]);
    const all = await harness.call('listDeployments', { environment: 'dev', includeDestroyed: true });
    expect(all.filter((d) => d.topology === 'shop').every((d) => d.status === 'destroyed')).toBe(true);
    await until(() => pids.every((pid) => !isAlive(pid)), `the machine processes ${pids.join(', ')} have ended`, {
      timeoutMs: 10_000,
      intervalMs: 25,
    });
    for (const area of ['networks', 'machines', 'disks', 'secrets']) {
      const dir = path.join(harness.localRoot, area);
      expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
    }
    const zoneFile = path.join(harness.localRoot, 'dns', 'nimbus.internal.hosts');
    expect(existsSync(zoneFile) ? readFileSync(zoneFile, 'utf8') : '').toBe('');
    expect(await harness.engine.services.ipam.listAllocations({ pool: 'lab' })).toEqual([]);
    // The network's subnet scope went with the network.
    expect((await harness.engine.services.ipam.listPools()).map((pool) => pool.name)).toEqual(['lab']);
    expect(await harness.engine.store.deployments.allocationOwners()).toEqual([]);
    expect((await harness.call('listCmdbItems', { environment: 'dev' })).items).toEqual([]);
    expect((await harness.call('listDeployedTopologies', {})).some((t) => t.topology === 'shop')).toBe(false);
  });
});
