import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeploymentRun } from '../api/schemas/deployments.js';
import { isAlive, killAll, processesMentioning } from '../components/builtin/local/processes.js';
import { tempDir } from '../test-support/temp-dir.js';
import { createTestEngine, type TestEngine } from '../test-support/test-engine.js';
import { until } from '../test-support/until.js';

// Kills a real `nimbus deploy` with SIGKILL while Pulumi is creating a machine, then starts an engine
// on the same data directory and checks that recovery leaves every record true, nothing locked,
// nothing leaked (objects, processes, allocations), and that the topology can be deployed again.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(root, 'bin', 'nimbus.js');
let temp: ReturnType<typeof tempDir>;
let recovering: TestEngine | undefined;

const TOPOLOGY = `kind: Topology
version: 1
name: crash
nodes:
  - { id: net, label: net, component: local-network@1, position: { x: 0, y: 0 } }
  - { id: disk, label: disk, component: local-storage@1, position: { x: 0, y: 0 }, params: { size_mb: 8 } }
  - { id: vm, label: vm, component: local-vm@1, position: { x: 0, y: 0 }, params: { memory_mb: 256 } }
  - { id: dns, label: dns, component: local-dns@1, position: { x: 0, y: 0 } }
wires:
  - { id: w1, source: { node: net, port: network_id }, target: { node: vm, port: network_id } }
  - { id: w2, source: { node: vm, port: name }, target: { node: dns, port: hostname } }
  - { id: w3, source: { node: vm, port: ip_address }, target: { node: dns, port: ip_address } }
`;

beforeAll(async () => {
  if (!existsSync(path.join(root, 'dist', 'engine', 'cli', 'main.js')))
    throw new Error('This test runs the built CLI: run `npm run build` first');
  temp = tempDir('nimbus-crash-');
  const setup = await createTestEngine({ dataDir: temp.dir });
  const call = (method: 'createIpamPool' | 'createLandingZone' | 'createEnvironment', input: object) =>
    setup.engine.dispatcher.dispatch(method, input as never);
  await call('createIpamPool', { name: 'lab', cidr: '10.55.0.0/16' });
  await call('createLandingZone', { name: 'local-zone', provider: 'local', resolverConfig: { ipam: { pool: 'lab' } } });
  await call('createEnvironment', { name: 'dev', landingZone: 'local-zone' });
  await setup.dispose();
  writeFileSync(path.join(temp.dir, 'crash.yaml'), TOPOLOGY);
});
afterAll(async () => {
  await recovering?.engine.dispose();
  // The local provider's machines run outside this process tree: end them before the leak check.
  await killAll(processesMentioning(temp.dir));
  await recovering?.dispose();
  temp.remove();
});

/** The checkpoint files of the data directory's Pulumi state backend. */
function checkpointFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json') && entry.parentPath.includes(`${path.sep}stacks`))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Whether some checkpoint records a machine create as under way (written by Pulumi before it calls the provider). */
function machineCreatePending(): boolean {
  return checkpointFiles(path.join(temp.dir, 'pulumi', 'state')).some((file) => {
    try {
      const checkpoint = JSON.parse(readFileSync(file, 'utf8')) as {
        checkpoint?: { latest?: { pending_operations?: { type: string; resource: { type: string } }[] } };
      };
      return (checkpoint.checkpoint?.latest?.pending_operations ?? []).some(
        (op) => op.type === 'creating' && op.resource.type.includes('Machine'),
      );
    } catch {
      return false; // being written
    }
  });
}

/**
 * Runs `nimbus deploy --json` and kills it with SIGKILL while Pulumi is creating the machine: after the
 * engine reports the create started and Pulumi's checkpoint records it as pending.
 */
async function deployAndKill(): Promise<{ killedAt: string; signal: NodeJS.Signals | null }> {
  const child = spawn(
    process.execPath,
    [cli, 'deploy', path.join(temp.dir, 'crash.yaml'), '--env', 'dev', '--yes', '--json', '--data', temp.dir],
    // Its own process group, killed whole: the app dies with the Pulumi CLI it started, as when its
    // session or machine goes. (A Pulumi CLI outliving the app would finish the create on its own,
    // sooner or later depending on the machine's load, and leave nothing pending to recover.)
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
      detached: true,
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  let killedAt = '';
  for await (const line of createInterface({ input: child.stdout })) {
    const event = JSON.parse(line) as { type: string; nodeId?: string; operation?: string; resourceType?: string };
    if (
      event.type === 'resource.started' &&
      event.nodeId === 'vm' &&
      event.operation === 'create' &&
      event.resourceType?.includes('Machine')
    ) {
      killedAt = line;
      await until(machineCreatePending, 'the checkpoint records the machine create as pending', { timeoutMs: 30_000, intervalMs: 5 });
      process.kill(-child.pid!, 'SIGKILL');
      break;
    }
    if (event.type === 'summary') break;
  }
  const signal = await exited;
  if (!killedAt) throw new Error(`the deploy ended before the machine was being created: ${stderr}`);
  return { killedAt, signal };
}

describe('crash safety', () => {
  it('recovers from SIGKILL in the middle of an up with nothing lost and nothing leaked', { timeout: 360_000 }, async () => {
    const { signal } = await deployAndKill();
    expect(signal).toBe('SIGKILL');

    recovering = await createTestEngine({ dataDir: temp.dir });
    const engine = recovering.engine;
    const repository = engine.store.deployments;
    // The killed process left its journal open and its lock held.
    expect((await engine.store.journal.unfinishedJournal()).length).toBeGreaterThan(0);
    expect((await engine.store.journal.locks()).map((lock) => lock.environment)).toEqual(['dev']);

    const report = await engine.deploy.recover();
    expect(report).not.toBeNull();
    const vmRecovery = report!.deployments.find((d) => d.label === 'vm');
    // Killed while the machine's create was under way: Pulumi had recorded it as pending, and the
    // provider may have made the machine anyway; recovery reads it back and removes it.
    expect(vmRecovery).toMatchObject({ action: 'rolled-back', status: 'failed' });
    expect(vmRecovery!.pendingOperations).toBeGreaterThanOrEqual(1);
    expect(await engine.store.journal.unfinishedJournal()).toEqual([]);
    expect(await engine.store.journal.locks()).toEqual([]);

    const records = await repository.list({ environment: 'dev' });
    // Every record says what is true: finished deploys are deployed, the interrupted first deploy is rolled back.
    for (const record of records) expect(['deployed', 'failed']).toContain(record.status);
    const byNode = Object.fromEntries(records.map((r) => [r.nodeId, r]));
    expect(byNode.net!.status).toBe('deployed');
    expect(existsSync(byNode.net!.outputs.path as string)).toBe(true);
    expect(byNode.vm!.status).toBe('failed');
    // Nothing leaked: no machine directory or process, no allocation of anything not deployed.
    const machines = path.join(temp.dir, 'local', 'dev', 'machines');
    expect(existsSync(machines) ? readdirSync(machines) : []).toEqual([]);
    expect(processesMentioning(machines).filter(isAlive)).toEqual([]);
    const deployedOwners = records
      .filter((r) => r.status === 'deployed')
      .map((r) => `deployment:${r.id}`)
      .sort();
    expect((await repository.allocationOwners()).sort()).toEqual(deployedOwners);
    // No Pulumi process of the killed run is left.
    expect(processesMentioning(path.join(temp.dir, 'work')).filter(isAlive)).toEqual([]);

    // The topology deploys again from where it stands: what is deployed is kept, the rest is created.
    const document = (await import('../topology/topology-file.js')).parseTopologyFile(TOPOLOGY, 'crash.yaml').document;
    const started = await engine.dispatcher.dispatch('startDeployment', { environment: 'dev', name: 'crash', document });
    if (!started.ok) throw new Error(started.error.message);
    const job = await engine.jobs.settled((started.result as { jobId: string }).jobId);
    expect(job.error).toBeNull();
    const outcomes = Object.fromEntries((job.result as DeploymentRun).nodes.map((n) => [n.nodeId, n.outcome]));
    expect(outcomes).toMatchObject({ net: 'unchanged', vm: 'created', dns: 'created' });

    const destroyed = await engine.dispatcher.dispatch('startTopologyDestroy', { environment: 'dev', topology: 'crash' });
    if (!destroyed.ok) throw new Error(destroyed.error.message);
    expect((await engine.jobs.settled((destroyed.result as { jobId: string }).jobId)).error).toBeNull();
    expect(await repository.allocationOwners()).toEqual([]);
    expect(existsSync(machines) ? readdirSync(machines) : []).toEqual([]);
  });
});
