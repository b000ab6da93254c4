import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployTestEngine, node, type DeployTestEngine } from './deploy-test-support.js';

// Without a Pulumi CLI, a deploy fails with a message that says how to install it, and nothing stays allocated.
let harness: DeployTestEngine;
const saved = { PATH: process.env.PATH, HOME: process.env.HOME, NIMBUS_PULUMI_DIR: process.env.NIMBUS_PULUMI_DIR };

beforeAll(async () => {
  harness = await deployTestEngine();
  const empty = path.join(harness.dataDir, 'no-pulumi');
  mkdirSync(empty);
  process.env.PATH = path.dirname(process.execPath);
  process.env.HOME = empty;
  process.env.NIMBUS_PULUMI_DIR = empty;
});
afterAll(async () => {
  Object.assign(process.env, saved);
  await harness?.dispose();
});

describe('deploying without the Pulumi CLI', () => {
  it('fails the node with pulumi_cli_missing and says how to install it', async () => {
    const { jobId } = await harness.call('startDeployment', {
      environment: 'dev',
      name: 'nocli',
      document: { schemaVersion: 1, nodes: [node('disk', 'local-storage@1')], wires: [] },
    });
    const job = await harness.settled(jobId);
    expect(job.status).toBe('failed');
    const result = job.result as { nodes: { error: { code: string; message: string } | null }[] };
    expect(result.nodes[0]!.error).toMatchObject({ code: 'pulumi_cli_missing', message: expect.stringContaining('scripts/ensure-pulumi') });
    expect(await harness.engine.store.deployments.allocationOwners()).toEqual([]);
  });
});
