import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeploymentRun } from '../../api/schemas/deployments.js';
import { killAll, processesMentioning } from '../../components/builtin/local/processes.js';
import { deployTestEngine, node, publishFixtureComponent, type DeployTestEngine } from '../../deploy/deploy-test-support.js';
import { until } from '../../test-support/until.js';

// Landing-zone bootstrap and environment provisioning end to end: real SQLite, the real Pulumi CLI,
// the local provider's real objects.
let harness: DeployTestEngine;

/** A marker file under the environment's local root, made after `delay_ms` (0 by default). */
const MARKER = `import * as pulumi from '@pulumi/pulumi';

declare const args: { name: string; delay_ms: number };

const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    await new Promise((resolve) => setTimeout(resolve, inputs.delay_ms));
    const fs = require('node:fs');
    const dir = require('node:path').join(inputs.localRoot, 'markers');
    fs.mkdirSync(dir, { recursive: true });
    const file = require('node:path').join(dir, inputs.name);
    fs.writeFileSync(file, 'made');
    return { id: file, outs: { ...inputs, file } };
  },
  async delete(id) {
    require('node:fs').rmSync(id, { force: true });
  },
};

class Marker extends pulumi.dynamic.Resource {
  declare readonly file: pulumi.Output<string>;
  constructor(name: string, props: Record<string, unknown>) {
    super(provider, name, { ...props, file: undefined }, {}, 'nimbus-test', 'Marker');
  }
}

const config = new pulumi.Config();
export const file = new Marker('marker', { localRoot: config.require('localRoot'), name: args.name, delay_ms: args.delay_ms }).file;
`;

async function publishMarker(name: string, delayMs: number, draftOf?: string): Promise<void> {
  const content = {
    description: 'a marker file',
    code: MARKER,
    inputSchema: {
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string' }, delay_ms: { type: 'integer', default: delayMs } },
    },
    outputSchema: { type: 'object', properties: { file: { type: 'string' } } },
    resolverBindings: { name: { resolver: 'naming' } },
  };
  if (draftOf) {
    const current = await harness.call('getComponent', { name: draftOf });
    await harness.call('updateComponentDraft', { name: draftOf, expectedRevision: current.draftRevision, content });
  } else await harness.call('createComponent', { name, provider: 'local', semanticType: 'BlockStorage', content });
  await harness.call('publishComponent', { name: draftOf ?? name, changelog: 'test' });
}

beforeAll(async () => {
  harness = await deployTestEngine();
  await publishMarker('marker', 0);
  await publishMarker('slow-marker', 4_000);
  await publishFixtureComponent(harness, 'broken-disk', 'does-not-compile');
  await harness.call('createEnvironmentTemplate', { landingZone: 'local-zone', name: 'standard', mandatoryComponents: ['marker'] });
  await harness.call('createEnvironmentTemplate', { landingZone: 'local-zone', name: 'slow', mandatoryComponents: ['slow-marker'] });
  await harness.call('createEnvironmentTemplate', { landingZone: 'local-zone', name: 'broken', mandatoryComponents: ['broken-disk'] });
}, 120_000);
afterAll(async () => {
  await harness?.dispose();
  await killAll(processesMentioning(harness.dataDir));
});

const environment = async (name: string) => (await harness.call('listEnvironments', {})).find((each) => each.name === name)!;

describe('environment provisioning with the real Pulumi CLI', () => {
  it('deploys the template’s mandatory components and makes the environment active', { timeout: 300_000 }, async () => {
    const created = await harness.call('createEnvironment', { name: 'prod', landingZone: 'local-zone', template: 'standard' });
    expect(created.status).toBe('provisioning');
    const job = await harness.settled(created.provisioningJobId!);
    expect(job.error).toBeNull();
    expect(job.status).toBe('succeeded');
    expect(await environment('prod')).toMatchObject({ status: 'active', statusReason: null });
    const deployments = await harness.call('listDeployments', { environment: 'prod' });
    expect(deployments).toEqual([expect.objectContaining({ topology: 'mandatory-components', nodeId: 'marker', status: 'deployed' })]);
    const file = deployments[0]!.outputs.file as string;
    expect(file.startsWith(path.join(harness.dataDir, 'local', 'prod'))).toBe(true);
    expect(existsSync(file)).toBe(true);
  });

  it('refuses a deploy into an environment while it provisions, and allows it once active', { timeout: 300_000 }, async () => {
    const created = await harness.call('createEnvironment', { name: 'qa', landingZone: 'local-zone', template: 'slow' });
    const document = { schemaVersion: 1 as const, nodes: [node('m', 'marker@1')], wires: [] };
    const refused = await harness.call('startDeployment', { environment: 'qa', name: 'app', document }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'environment_not_active', details: { environment: 'qa', status: 'provisioning' } });
    expect((refused as Error).message).toContain('qa is provisioning');
    const provisioned = await harness.settled(created.provisioningJobId!);
    expect(provisioned.error).toBeNull();
    expect((await environment('qa')).status).toBe('active');
    // Active now: the deploy is admitted, and the topology need not repeat slow-marker, which the
    // environment's own mandatory-components topology holds.
    const { jobId } = await harness.call('startDeployment', { environment: 'qa', name: 'app', document });
    const deployed = await harness.settled(jobId);
    expect(deployed.error).toBeNull();
    // A component the template gains afterwards is not deployed there: topologies are asked for it.
    await harness.call('updateEnvironmentTemplate', {
      landingZone: 'local-zone',
      template: 'slow',
      mandatoryComponents: ['slow-marker', 'marker'],
    });
    const alone = { schemaVersion: 1 as const, nodes: [node('s', 'slow-marker@1', { delay_ms: 0 })], wires: [] };
    const plan = await harness.call('planTopology', { document: alone, environment: 'qa' });
    expect(plan.issues).toEqual([{ path: 'nodes', message: 'environment qa requires a marker component in every topology' }]);
    expect((await harness.call('planTopology', { document, environment: 'qa' })).issues).toEqual([]);

    // Provisioned again: the component the template gained is deployed, and topologies no longer need it.
    const again = await harness.call('retryEnvironmentProvisioning', { environment: 'qa' });
    const reprovisioned = await harness.settled(again.jobId);
    expect(reprovisioned.error).toBeNull();
    expect(Object.fromEntries((reprovisioned.result as DeploymentRun).nodes.map((each) => [each.nodeId, each.outcome]))).toEqual({
      'slow-marker': 'unchanged',
      marker: 'created',
    });
    expect((await harness.call('planTopology', { document: alone, environment: 'qa' })).issues).toEqual([]);
    // A component the template drops stays deployed when provisioned again: nothing running is destroyed.
    await harness.call('updateEnvironmentTemplate', { landingZone: 'local-zone', template: 'slow', mandatoryComponents: ['marker'] });
    const dropped = await harness.settled((await harness.call('retryEnvironmentProvisioning', { environment: 'qa' })).jobId);
    expect(dropped.error).toBeNull();
    const live = await harness.call('listDeployments', { environment: 'qa', topology: 'mandatory-components' });
    expect(live.map((each) => [each.nodeId, each.status]).sort()).toEqual([
      ['marker', 'deployed'],
      ['slow-marker', 'deployed'],
    ]);
    expect((await harness.engine.store.audit.history('environment', created.id)).map((row) => row.action)).toContain(
      'environment.reprovision',
    );
    await harness.call('updateEnvironmentTemplate', { landingZone: 'local-zone', template: 'slow', mandatoryComponents: ['slow-marker'] });
  });

  it('ends failed with the reason when a mandatory component fails; after a fix, retry makes it active', { timeout: 300_000 }, async () => {
    const created = await harness.call('createEnvironment', { name: 'uat', landingZone: 'local-zone', template: 'broken' });
    expect((await harness.settled(created.provisioningJobId!)).status).toBe('failed');
    const failed = await environment('uat');
    expect(failed.status).toBe('failed');
    expect(failed.statusReason).toMatch(/^broken-disk: /);
    // The fix: a new version of the component that works.
    await publishMarker('broken-disk', 0, 'broken-disk');
    const { jobId } = await harness.call('retryEnvironmentProvisioning', { environment: 'uat' });
    const retried = await harness.settled(jobId);
    expect(retried.error).toBeNull();
    expect((retried.result as DeploymentRun).nodes).toEqual([expect.objectContaining({ nodeId: 'broken-disk', outcome: 'created' })]);
    expect(await environment('uat')).toMatchObject({ status: 'active', statusReason: null, provisioningJobId: jobId });
  });

  it('a cancelled provisioning ends failed (a known outcome), and the retry finishes it', { timeout: 300_000 }, async () => {
    const created = await harness.call('createEnvironment', { name: 'perf', landingZone: 'local-zone', template: 'slow' });
    await until(
      () => harness.eventsOf(created.provisioningJobId!).some((event) => event.type === 'node.status' && event.status === 'deploying'),
      'the slow marker starts deploying',
      { timeoutMs: 60_000 },
    );
    await harness.call('cancelJob', { id: created.provisioningJobId! });
    expect((await harness.settled(created.provisioningJobId!)).status).toBe('cancelled');
    expect(await environment('perf')).toMatchObject({ status: 'failed', statusReason: expect.stringContaining('Cancelled') });
    const { jobId } = await harness.call('retryEnvironmentProvisioning', { environment: 'perf' });
    expect((await harness.settled(jobId)).status).toBe('succeeded');
    expect((await environment('perf')).status).toBe('active');
  });
});

describe('publishing a landing zone with the real Pulumi CLI', () => {
  it('deploys the system services into the zone’s system environment; republishing deploys the changes', { timeout: 300_000 }, async () => {
    await harness.call('setLandingZoneServices', {
      landingZone: 'local-zone',
      document: { schemaVersion: 1, nodes: [node('mgmt-net', 'local-network@1')], wires: [] },
    });
    const first = await harness.call('publishLandingZone', { landingZone: 'local-zone' });
    const published = await harness.settled(first.jobId);
    expect(published.error).toBeNull();
    const zone = await harness.call('getLandingZoneServices', { landingZone: 'local-zone' });
    expect(zone).toMatchObject({
      status: 'published',
      statusReason: null,
      servicesRevision: 1,
      publishedRevision: 1,
      unpublishedChanges: false,
      systemEnvironment: 'local-zone-system',
    });
    const deployed = await harness.call('listDeployments', { environment: 'local-zone-system' });
    expect(deployed).toEqual([expect.objectContaining({ topology: 'system-services', nodeId: 'mgmt-net', status: 'deployed' })]);
    const network = deployed[0]!.values.name!.value as string;
    expect(existsSync(path.join(harness.dataDir, 'local', 'local-zone-system', 'networks', network, 'network.json'))).toBe(true);

    // A change: one more service. Only it is deployed; the network is left as it is.
    const changed = await harness.call('setLandingZoneServices', {
      landingZone: 'local-zone',
      document: { schemaVersion: 1, nodes: [node('mgmt-net', 'local-network@1'), node('audit-marker', 'marker@1')], wires: [] },
    });
    expect(changed).toMatchObject({ status: 'published', servicesRevision: 2, publishedRevision: 1, unpublishedChanges: true });
    const second = await harness.call('publishLandingZone', { landingZone: 'local-zone' });
    const run = (await harness.settled(second.jobId)).result as DeploymentRun;
    expect(Object.fromEntries(run.nodes.map((n) => [n.nodeId, n.outcome]))).toEqual({ 'mgmt-net': 'unchanged', 'audit-marker': 'created' });
    expect(await harness.call('getLandingZoneServices', { landingZone: 'local-zone' })).toMatchObject({
      status: 'published',
      publishedRevision: 2,
      unpublishedChanges: false,
    });
    // A second publish while one runs is refused.
    const third = await harness.call('publishLandingZone', { landingZone: 'local-zone' });
    const refused = await harness.call('publishLandingZone', { landingZone: 'local-zone' }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'landing_zone_publishing' });
    expect((await harness.settled(third.jobId)).status).toBe('succeeded');
  });
});
