import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeploymentRun } from '../api/schemas/deployments.js';
import { deployTestEngine, node, type DeployTestEngine } from './deploy-test-support.js';

// The program host killed while it creates a component's object, with the engine still running: the
// node fails with pulumi_host_exited, its first deploy is rolled back (the object it made is read
// back from the real world and destroyed), nothing stays locked or allocated, and the next deploy
// works with a new host.
let harness: DeployTestEngine;

/** A marker file under the environment's localRoot, created slowly (`delay_ms`) by a dynamic provider. */
const PROGRAM = `import * as pulumi from '@pulumi/pulumi';

declare const args: { localRoot: string; name: string; delay_ms: number };

const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    const fs = require('node:fs');
    const dir = require('node:path').join(inputs.localRoot, 'slow-markers');
    fs.mkdirSync(dir, { recursive: true });
    const file = require('node:path').join(dir, inputs.name);
    fs.writeFileSync(file, 'made');
    await new Promise((resolve) => setTimeout(resolve, inputs.delay_ms));
    return { id: file, outs: { ...inputs, file } };
  },
  // Found by its inputs: a create the CLI never saw finish is read back under a placeholder id.
  async read(_id, props) {
    const file = require('node:path').join(props.localRoot, 'slow-markers', props.name);
    return require('node:fs').existsSync(file) ? { id: file, props: { ...props, file } } : {};
  },
  async delete(id) {
    require('node:fs').rmSync(id, { force: true });
  },
};

class SlowMarker extends pulumi.dynamic.Resource {
  declare readonly file: pulumi.Output<string>;
  constructor(name: string, props: Record<string, unknown>) {
    super(provider, name, { ...props, file: undefined }, {}, 'nimbus-test', 'SlowMarker');
  }
}

const config = new pulumi.Config();
export const file = new SlowMarker('marker', { localRoot: config.require('localRoot'), name: args.name, delay_ms: args.delay_ms }).file;
`;

beforeAll(async () => {
  harness = await deployTestEngine();
  await harness.call('createComponent', {
    name: 'slow-marker',
    provider: 'local',
    semanticType: 'BlockStorage',
    content: {
      description: 'a marker file made slowly',
      code: PROGRAM,
      inputSchema: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, delay_ms: { type: 'integer' } } },
      outputSchema: { type: 'object', properties: { file: { type: 'string' } } },
      resolverBindings: { name: { resolver: 'naming' } },
    },
  });
  await harness.call('publishComponent', { name: 'slow-marker', changelog: 'first' });
});
afterAll(async () => {
  await harness?.dispose();
});

const markers = () => {
  const dir = path.join(harness.localRoot, 'slow-markers');
  return existsSync(dir) ? readdirSync(dir) : [];
};

describe('the program host dies during a deploy', () => {
  it(
    'fails the node with pulumi_host_exited, rolls its first deploy back, and deploys again afterwards',
    { timeout: 240_000 },
    async () => {
      const runner = harness.engine.deploy.runner;
      const { jobId } = await harness.call('startDeployment', {
        environment: 'dev',
        name: 'crashing',
        document: { schemaVersion: 1, nodes: [node('slow', 'slow-marker@1', { delay_ms: 6000 })], wires: [] },
      });
      let killed: number | undefined;
      const stop = harness.engine.onJobEvent((event) => {
        if (event.jobId !== jobId || killed !== undefined) return;
        if (event.type === 'resource.started' && event.resourceType.includes('SlowMarker')) {
          killed = runner.host.pid;
          process.kill(killed!, 'SIGKILL');
        }
      });
      const job = await harness.settled(jobId);
      stop();
      expect(killed).toBeDefined();
      expect(job.status).toBe('failed');
      const slow = (job.result as DeploymentRun).nodes[0]!;
      expect(slow).toMatchObject({ outcome: 'failed', error: { code: 'pulumi_host_exited' } });

      const record = (await harness.call('listDeployments', { environment: 'dev', topology: 'crashing' }))[0]!;
      expect(record.status).toBe('failed');
      expect(record.error!.message).toContain('rolled back');
      expect(markers()).toEqual([]);
      expect(await harness.engine.store.deployments.allocationOwners()).not.toContain(`deployment:${record.id}`);

      const again = await harness.call('startDeployment', {
        environment: 'dev',
        name: 'crashing',
        document: { schemaVersion: 1, nodes: [node('slow', 'slow-marker@1', { delay_ms: 0 })], wires: [] },
      });
      const second = await harness.settled(again.jobId);
      expect(second.error).toBeNull();
      expect(runner.host.pid).not.toBe(killed);
      expect(markers()).toHaveLength(1);
      const { jobId: destroyJob } = await harness.call('startTopologyDestroy', { environment: 'dev', topology: 'crashing' });
      expect((await harness.settled(destroyJob)).error).toBeNull();
      expect(markers()).toEqual([]);
    },
  );
});
