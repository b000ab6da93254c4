import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeploymentRun } from '../api/schemas/deployments.js';
import type { TopologyDocument } from '../api/schemas/topology.js';
import { deployTestEngine, node, type DeployTestEngine } from '../deploy/deploy-test-support.js';
import { startSushyEmulator, type SushyEmulator } from './sushy-emulator.js';
import { registryRepository, registryToml } from './test-support.js';

// The bare-metal provider end to end: a registry in a real Git repository, real SQLite, the real Pulumi
// CLI running the component's dynamic provider, and a real Redfish BMC (sushy-tools' emulator) on loopback.
let harness: DeployTestEngine;
let emulator: SushyEmulator;
let repoDir: string;

const doc = (...nodes: TopologyDocument['nodes']): TopologyDocument => ({ schemaVersion: 1, nodes, wires: [] });

beforeAll(async () => {
  emulator = await startSushyEmulator();
  harness = await deployTestEngine();
  await harness.call('createLandingZone', { name: 'metal', provider: 'baremetal' });
  await harness.call('createEnvironment', { name: 'rack', landingZone: 'metal' });
  const repo = registryRepository({
    'east.toml': registryToml('east', [
      { id: 'emu-1', cores: 16, memoryGb: 64, diskGb: 960, location: 'fra1-emu', bmc: emulator.address, system: emulator.system },
      // Nothing listens on port 9 of loopback: a BMC that cannot be reached.
      { id: 'dead-1', cores: 16, memoryGb: 64, diskGb: 960, location: 'dead', bmc: 'http://127.0.0.1:9', system: 'gone' },
    ]),
  });
  repoDir = repo.dir;
  await harness.call('addBareMetalRegistry', { source: repo.dir, name: 'lab' });
  const [synced] = await harness.call('syncBareMetalRegistries', {});
  expect(synced?.lastSync).toMatchObject({ status: 'ok', machines: 2 });
}, 120_000);

afterAll(async () => {
  await harness?.dispose();
  await emulator?.stop();
  expect(emulator.process.exitCode !== null || emulator.process.signalCode !== null).toBe(true);
  rmSync(repoDir, { recursive: true, force: true });
});

describe('bare-metal servers on a Redfish emulator with the real Pulumi CLI', () => {
  it(
    'plans a placement with its reason, powers the machine on with its boot device, and powers it off and releases it on destroy',
    { timeout: 300_000 },
    async () => {
      const document = doc(node('db', 'baremetal-server@1', { min_cores: 8, min_memory_gb: 32, location: 'fra1*', boot_device: 'Pxe' }));
      const plan = await harness.call('planTopology', { environment: 'rack', document });
      expect(plan.valid).toBe(true);
      const machine = plan.nodes[0]!.values['machine']!;
      expect(machine).toMatchObject({ value: 'emu-1', source: 'resolver' });
      expect(machine.detail).toMatch(
        /^capacity: emu-1 \(east, fra1-emu: 16 cores, 64 GB, 960 GB disk\) is the smallest free machine with ≥8 cores/,
      );
      expect(plan.nodes[0]!.values['bmc_address']).toMatchObject({ value: emulator.address, source: 'resolver' });
      // Planning reserved nothing.
      expect((await harness.call('getBareMetalOverview', {})).capacity.machines.reserved).toBe(0);

      await harness
        .call('startDeployment', { environment: 'rack', name: 'metal', document })
        .then(({ jobId }) => harness.settled(jobId))
        .then((job) => {
          expect(job.error).toBeNull();
          expect(job.status).toBe('succeeded');
        });
      const on = await emulator.state();
      expect(on.PowerState).toBe('On');
      expect(on.Boot.BootSourceOverrideTarget).toBe('Pxe');
      const deployed = (await harness.call('getBareMetalOverview', {})).machines.find((m) => m.id === 'emu-1')!;
      expect(deployed.reservation).toMatchObject({ machineId: 'emu-1', node: 'db' });
      const [deployment] = await harness.call('listDeployments', { environment: 'rack', topology: 'metal' });
      expect(deployment?.outputs).toMatchObject({ machine: 'emu-1', power_state: 'On', boot_device: 'Pxe' });

      const destroyed = await harness.settled(
        (await harness.call('startTopologyDestroy', { environment: 'rack', topology: 'metal' })).jobId,
      );
      expect(destroyed.status).toBe('succeeded');
      expect((await emulator.state()).PowerState).toBe('Off');
      expect((await harness.call('getBareMetalOverview', {})).machines.find((m) => m.id === 'emu-1')!.reservation).toBeNull();
    },
  );

  it('refuses a requirement no machine meets, and a second node wanting the only fitting machine, in the plan', async () => {
    const nobody = await harness.call('planTopology', {
      environment: 'rack',
      document: doc(node('huge', 'baremetal-server@1', { min_cores: 999 })),
    });
    expect(nobody.valid).toBe(false);
    expect(nobody.nodes[0]!.issues).toEqual([
      { path: 'params.machine', message: expect.stringMatching(/^no registered machine has ≥999 cores.*emu-1: 16 cores < 999/) },
      ...nobody.nodes[0]!.issues.slice(1),
    ]);

    const two = await harness.call('planTopology', {
      environment: 'rack',
      document: doc(node('a', 'baremetal-server@1', { location: 'fra1-emu' }), node('b', 'baremetal-server@1', { location: 'fra1-emu' })),
    });
    const byNode = Object.fromEntries(two.nodes.map((n) => [n.nodeId, n]));
    expect(byNode['a']!.values['machine']?.value).toBe('emu-1');
    expect(byNode['b']!.status).toBe('invalid');
    expect(byNode['b']!.issues[0]?.message).toMatch(/every machine with .*location fra1-emu is reserved \(emu-1\)/);
  });

  it('fails the job with a classified error when the BMC cannot be reached, and releases the machine', { timeout: 300_000 }, async () => {
    const document = doc(node('lost', 'baremetal-server@1', { location: 'dead' }));
    const job = await harness.settled((await harness.call('startDeployment', { environment: 'rack', name: 'lost', document })).jobId);
    expect(job.status).toBe('failed');
    expect(job.error?.code).toBe('topology_run_failed');
    const failed = (job.result as DeploymentRun).nodes[0]!;
    expect(failed.outcome).toBe('failed');
    expect(failed.error?.code).toBe('bmc_unreachable');
    expect(failed.error?.message).toMatch(/^the BMC of dead-1 at http:\/\/127\.0\.0\.1:9 cannot be reached/);
    expect((await harness.call('getBareMetalOverview', {})).machines.find((m) => m.id === 'dead-1')!.reservation).toBeNull();
  });
});
