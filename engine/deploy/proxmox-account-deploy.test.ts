import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TopologyDocument } from '../api/schemas/topology.js';
import { deployTestEngine, node, type DeployTestEngine } from './deploy-test-support.js';

// Proxmox deploys take their connection from the landing zone's cloud account, and a preview that
// Pulumi could not run ends failed (this machine has no Proxmox resource plugin, and maybe no CLI).
const SECRET = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
let harness: DeployTestEngine;

beforeAll(async () => {
  harness = await deployTestEngine();
  await harness.call('createLandingZone', {
    name: 'pve-zone',
    provider: 'proxmox',
    resolverConfig: { ipam: { pool: 'lab' }, naming: { pattern: '{env}-{component}-{seq:02d}' } },
  });
  await harness.call('createEnvironment', { name: 'pve-dev', landingZone: 'pve-zone' });
});
afterAll(async () => {
  await harness?.dispose();
});

const network: TopologyDocument = {
  schemaVersion: 1,
  nodes: [node('net', 'proxmox-network@1', { node_name: 'pve', bridge_name: 'vmbr7' })],
  wires: [],
};

describe('deploying Proxmox components with the landing zone cloud account', () => {
  it('refuses a preview and a deploy without an account with cloud_account_missing, before Pulumi runs', async () => {
    for (const method of ['previewDeployment', 'startDeployment'] as const) {
      const { jobId } = await harness.call(method, { environment: 'pve-dev', name: 'lab-net', document: network });
      const job = await harness.settled(jobId);
      expect(job.status).toBe('failed');
      expect(job.error).toMatchObject({ code: 'cloud_account_missing', message: expect.stringContaining('pve-zone') });
      // Nothing ran: no node was previewed or deployed, nothing was recorded.
      expect(harness.eventsOf(jobId).filter((event) => event.type === 'node.status')).toEqual([]);
    }
    expect(await harness.call('listDeployments', { environment: 'pve-dev' })).toEqual([]);
  });

  it('hands the account to Pulumi as the config the Proxmox programs read, the token as secret config', async () => {
    await harness.call('setCloudAccount', {
      landingZone: 'pve-zone',
      account: {
        provider: 'proxmox',
        endpoint: 'https://127.0.0.1:9/',
        tokenId: 'nimbus@pve!deploy',
        tokenSecret: SECRET,
        verifyTls: false,
      },
    });
    expect(await harness.engine.services.cloudAccounts.stackConfig('pve-zone', 'proxmox')).toEqual({
      proxmox_endpoint: { value: 'https://127.0.0.1:9' },
      proxmox_api_token: { value: `nimbus@pve!deploy=${SECRET}`, secret: true },
      proxmox_insecure: { value: 'true' },
    });
    expect(await harness.engine.services.cloudAccounts.stackConfig('pve-zone', 'local')).toEqual({});
  });

  it(
    'ends a preview that Pulumi failed as failed with a classified error, never succeeded, and no secret in its record',
    { timeout: 240_000 },
    async () => {
      await harness.call('setCloudAccount', {
        landingZone: 'pve-zone',
        account: {
          provider: 'proxmox',
          endpoint: 'https://127.0.0.1:9',
          tokenId: 'nimbus@pve!deploy',
          tokenSecret: SECRET,
          verifyTls: false,
        },
      });
      // Pulumi fails for certain here: no CLI can be found (as on a machine without it).
      const saved = { PATH: process.env.PATH, HOME: process.env.HOME, NIMBUS_PULUMI_DIR: process.env.NIMBUS_PULUMI_DIR };
      const empty = path.join(harness.dataDir, 'no-pulumi');
      mkdirSync(empty, { recursive: true });
      Object.assign(process.env, { PATH: path.dirname(process.execPath), HOME: empty, NIMBUS_PULUMI_DIR: empty });
      let jobId = '';
      try {
        ({ jobId } = await harness.call('previewDeployment', { environment: 'pve-dev', name: 'lab-net', document: network }));
        await harness.settled(jobId);
      } finally {
        Object.assign(process.env, saved);
      }
      const job = await harness.settled(jobId);
      expect(job.status).toBe('failed');
      expect(job.error?.code).toBe('pulumi_cli_missing');
      expect(job.error?.code).not.toBe('internal');
      expect(job.error?.message).toContain('net');
      const failures = (job.error?.details as { failures?: { nodeId: string; code: string }[] }).failures;
      expect(failures?.map((failure) => failure.nodeId)).toEqual(['net']);
      const statuses = harness.eventsOf(jobId).filter((event) => event.type === 'node.status');
      expect(statuses.at(-1)).toMatchObject({ nodeId: 'net', status: 'failed' });
      const stored = await harness.call('getJob', { id: jobId });
      expect(stored.job.status).toBe('failed');
      expect(JSON.stringify(stored)).not.toContain(SECRET);
    },
  );
});
