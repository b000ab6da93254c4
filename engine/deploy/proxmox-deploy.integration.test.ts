import { existsSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeploymentRun } from '../api/schemas/deployments.js';
import { killAll, processesMentioning } from '../components/builtin/local/processes.js';
import { resourcesDir } from '../paths.js';
import { deployTestEngine, node, type DeployTestEngine } from './deploy-test-support.js';

// A Proxmox program deployed through the whole deploy flow (job, saga, rollback) with the real Pulumi
// CLI and the real pulumi-resource-proxmoxve plugin, against an endpoint nobody listens on: the job and
// the node fail with provider_unreachable, nothing is reported as deployed.

const PLUGIN = 'pulumi-resource-proxmoxve';
const pluginDir = process.env.NIMBUS_PULUMI_DIR ?? path.join(os.homedir(), '.pulumi', 'bin');
const hasPlugin = existsSync(path.join(pluginDir, PLUGIN));
if (!hasPlugin) {
  console.warn(`SKIPPED: the Proxmox deploy test needs ${PLUGIN} (not in ${pluginDir}); run scripts/ensure-proxmox-plugin to install it.`);
}

/** proxmox-network's program with the API connection as inputs of its own, so a topology can set it. */
const connectionInputs = {
  proxmox_endpoint: { type: 'string' },
  proxmox_api_token: { type: 'string' },
  proxmox_insecure: { type: 'boolean' },
};

let harness: DeployTestEngine;
beforeAll(async () => {
  if (!hasPlugin) return;
  harness = await deployTestEngine();
  const dir = path.join(resourcesDir(), 'components', 'proxmox-network');
  const inputSchema = {
    type: 'object',
    required: [
      'name',
      'node_name',
      'cidr',
      'bridge_name',
      'gateway_on_host',
      'ports',
      'vlan_aware',
      'mtu',
      'proxmox_endpoint',
      'proxmox_api_token',
    ],
    properties: {
      name: { type: 'string' },
      node_name: { type: 'string' },
      cidr: { type: 'string' },
      bridge_name: { type: 'string' },
      gateway_on_host: { type: 'boolean' },
      ports: { type: 'array', items: { type: 'string' } },
      vlan_aware: { type: 'boolean' },
      mtu: { type: 'integer' },
      ...connectionInputs,
    },
  };
  await harness.call('createComponent', {
    name: 'pve-bridge',
    provider: 'local',
    semanticType: 'VirtualNetwork',
    content: {
      description: 'proxmox-network with its connection as inputs',
      code: readFileSync(path.join(dir, 'index.ts'), 'utf8'),
      inputSchema,
      outputSchema: { type: 'object', properties: {} },
      resolverBindings: {},
      secretInputs: ['proxmox_api_token'],
    },
  });
  await harness.call('publishComponent', { name: 'pve-bridge', changelog: 'test' });
}, 120_000);

afterAll(async () => {
  if (!harness) return;
  await harness.dispose();
  await killAll(processesMentioning(harness.dataDir));
});

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe.skipIf(!hasPlugin)('deploying a Proxmox program with the real plugin', () => {
  it('an unreachable endpoint fails the job and the node with provider_unreachable', { timeout: 300_000 }, async () => {
    const port = await closedPort();
    const params = {
      name: 'dev-net-01',
      node_name: 'pve1',
      cidr: '10.20.30.0/24',
      bridge_name: 'vmbr7',
      gateway_on_host: true,
      ports: [],
      vlan_aware: false,
      mtu: 1500,
      proxmox_endpoint: `https://127.0.0.1:${port}/`,
      proxmox_api_token: 'nimbus@pve!deploy=0c6e1f3a-8d2b-4e5f-a1c7-9b3d5e7f0a2c',
      proxmox_insecure: true,
    };
    const { jobId } = await harness.call('startDeployment', {
      environment: 'dev',
      name: 'pve',
      document: { schemaVersion: 1, nodes: [node('bridge', 'pve-bridge@1', params)], wires: [] },
    });
    const job = await harness.settled(jobId);
    expect(job.status).toBe('failed');
    const run = job.result as DeploymentRun;
    expect(run.nodes[0]).toMatchObject({
      outcome: 'failed',
      error: { code: 'provider_unreachable', details: { reason: 'connection refused' } },
    });
    expect(run.nodes[0]!.error!.message).toContain(`could not reach its API at https://127.0.0.1:${port}`);
    const records = await harness.call('listDeployments', { environment: 'dev', topology: 'pve' });
    expect(records.map((record) => record.status)).not.toContain('deployed');
  });

  it(
    "deploys every built-in Proxmox component with its landing zone's cloud account: an unreachable endpoint fails each node and the job",
    { timeout: 300_000 },
    async () => {
      const port = await closedPort();
      const secret = '7d0e2b4c-1a3f-4e5d-9c8b-6a7f0e1d2c3b';
      await harness.call('createLandingZone', {
        name: 'pve-zone',
        provider: 'proxmox',
        resolverConfig: { ipam: { pool: 'lab' }, naming: { pattern: '{env}-{component}-{seq:02d}' } },
      });
      await harness.call('createEnvironment', { name: 'pve-dev', landingZone: 'pve-zone' });
      await harness.call('setCloudAccount', {
        landingZone: 'pve-zone',
        account: {
          provider: 'proxmox',
          endpoint: `https://127.0.0.1:${port}`,
          tokenId: 'nimbus@pve!deploy',
          tokenSecret: secret,
          verifyTls: false,
        },
      });
      const { jobId } = await harness.call('startDeployment', {
        environment: 'pve-dev',
        name: 'lab-net',
        // Every built-in Proxmox component, unwired so that all run in one wave: each program loads
        // against the real plugin's schema and reaches for the endpoint with the account's token.
        document: {
          schemaVersion: 1,
          nodes: [
            node('net', 'proxmox-network@1', { node_name: 'pve1', bridge_name: 'vmbr7' }),
            node('vm', 'proxmox-vm@1', { node_name: 'pve1', vm_id: 4101 }),
            node('ct', 'proxmox-lxc@1', { node_name: 'pve1', vm_id: 4102 }),
            node('pool', 'proxmox-storage@1', { thin_pool: 'data', node_names: ['pve1'] }),
            node('fw', 'proxmox-firewall-rule@1', { node_name: 'pve1', vm_id: 4101 }),
          ],
          wires: [],
        },
      });
      const job = await harness.settled(jobId);
      expect(job.error).toMatchObject({ code: 'topology_run_failed', message: expect.stringContaining('could not reach its API') });
      expect(job.status).toBe('failed');
      const run = job.result as DeploymentRun;
      expect(run.nodes.map((each) => [each.nodeId, each.outcome, each.error?.code]).sort()).toEqual([
        ['ct', 'failed', 'provider_unreachable'],
        ['fw', 'failed', 'provider_unreachable'],
        ['net', 'failed', 'provider_unreachable'],
        ['pool', 'failed', 'provider_unreachable'],
        ['vm', 'failed', 'provider_unreachable'],
      ]);
      for (const each of run.nodes) expect(each.error!.message).toContain(`127.0.0.1:${port}`);
      // The account's secret reached Pulumi as secret config, never the job's record or its events.
      expect(JSON.stringify(job)).not.toContain(secret);
      expect(JSON.stringify(harness.eventsOf(jobId))).not.toContain(secret);
      const records = await harness.call('listDeployments', { environment: 'pve-dev', topology: 'lab-net' });
      expect(records.map((record) => record.status)).not.toContain('deployed');
    },
  );
});
