import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissionAuthorizer } from '../../api/authorization.js';
import { PERMISSIONS } from '../../common/permissions.js';
import { deployTestEngine, node, type DeployTestEngine } from '../../deploy/deploy-test-support.js';
import { createTestEngine } from '../../test-support/test-engine.js';
import { openStore } from '../../store/store.js';

// Landing-zone bootstrap and environment provisioning through the API, on a real SQLite store,
// without a Pulumi CLI: every job fails at its first Pulumi step, which is what these checks need
// (refusals, failed provisioning with its reason, retry rules, audit, the outcome after a restart).
let harness: DeployTestEngine;
const saved = { PATH: process.env.PATH, HOME: process.env.HOME, NIMBUS_PULUMI_DIR: process.env.NIMBUS_PULUMI_DIR };

const code = (error: unknown) => (error as { code?: string }).code;

beforeAll(async () => {
  harness = await deployTestEngine();
  const empty = path.join(harness.dataDir, 'no-pulumi');
  mkdirSync(empty);
  process.env.PATH = path.dirname(process.execPath);
  process.env.HOME = empty;
  process.env.NIMBUS_PULUMI_DIR = empty;
  await harness.call('createEnvironmentTemplate', { landingZone: 'local-zone', name: 'with-disk', mandatoryComponents: ['local-storage'] });
  await harness.call('createEnvironmentTemplate', { landingZone: 'local-zone', name: 'bare' });
});
afterAll(async () => {
  Object.assign(process.env, saved);
  await harness?.dispose();
});

describe('environment provisioning', () => {
  it('makes environments without a template, or whose template has no mandatory components, active at once', async () => {
    const plain = await harness.call('createEnvironment', { name: 'plain', landingZone: 'local-zone' });
    expect(plain).toMatchObject({ status: 'active', statusReason: null, provisioningJobId: null, systemOf: null });
    const bare = await harness.call('createEnvironment', { name: 'bare-env', landingZone: 'local-zone', template: 'bare' });
    expect(bare.status).toBe('active');
    // `dev`, made before any of this, reads as active too.
    expect((await harness.call('listEnvironments', {})).find((env) => env.name === 'dev')?.status).toBe('active');
  });

  it('provisions an environment from a template, ends failed with the reason, refuses deploys, and retries; one never provisioned is refused', async () => {
    const created = await harness.call('createEnvironment', { name: 'staging', landingZone: 'local-zone', template: 'with-disk' });
    expect(created.status).toBe('provisioning');
    expect(created.provisioningJobId).toEqual(expect.any(String));
    const job = await harness.settled(created.provisioningJobId!);
    expect(job.status).toBe('failed');
    expect(job.kind).toBe('environment.provision');
    const failed = (await harness.call('listEnvironments', {})).find((env) => env.name === 'staging')!;
    expect(failed.status).toBe('failed');
    expect(failed.statusReason).toMatch(/local-storage: .*Pulumi/i);

    const refused = await harness
      .call('startDeployment', {
        environment: 'staging',
        name: 'app',
        document: { schemaVersion: 1, nodes: [node('d', 'local-storage@1')], wires: [] },
      })
      .catch((error: unknown) => error);
    expect(code(refused)).toBe('environment_not_active');
    expect((refused as Error).message).toContain('staging is failed');
    expect((refused as { details: { status: string } }).details.status).toBe('failed');

    // Retry runs again (and fails again the same way without the CLI); an environment never provisioned is refused.
    const { jobId } = await harness.call('retryEnvironmentProvisioning', { environment: 'staging' });
    expect(jobId).not.toBe(created.provisioningJobId);
    expect((await harness.settled(jobId)).status).toBe('failed');
    expect(code(await harness.call('retryEnvironmentProvisioning', { environment: 'dev' }).catch((e: unknown) => e))).toBe(
      'environment_not_failed',
    );
    expect(code(await harness.call('retryEnvironmentProvisioning', { environment: 'nope' }).catch((e: unknown) => e))).toBe('not_found');

    const audit = await harness.engine.store.audit.history('environment', created.id);
    expect(audit.map((row) => row.action)).toEqual([
      'environment.provision',
      'environment.provisioning_failed',
      'environment.provision_retry',
      'environment.provisioning_failed',
    ]);
  });

  it('plans topologies without repeating mandatory components the environment provisions; one it never provisioned must hold them', async () => {
    const document = { schemaVersion: 1 as const, nodes: [node('d', 'local-secret@1')], wires: [] };
    const mandatoryIssues = async (environment: string) =>
      (await harness.call('planTopology', { document, environment })).issues.filter((issue) => issue.path === 'nodes');
    // Provisioned (here failed, so refused for deploys until a retry): its own topology holds local-storage.
    await harness.call('createEnvironment', { name: 'provisioned', landingZone: 'local-zone', template: 'with-disk' });
    expect(await mandatoryIssues('provisioned')).toEqual([]);
    // Made when its template had none; the template gains one later: nothing deployed it, so topologies must.
    await harness.call('createEnvironmentTemplate', { landingZone: 'local-zone', name: 'grows' });
    await harness.call('createEnvironment', { name: 'grown', landingZone: 'local-zone', template: 'grows' });
    await harness.call('updateEnvironmentTemplate', {
      landingZone: 'local-zone',
      template: 'grows',
      mandatoryComponents: ['local-storage'],
    });
    expect(await mandatoryIssues('grown')).toEqual([
      { path: 'nodes', message: 'environment grown requires a local-storage component in every topology' },
    ]);
  });

  it('fails provisioning naming a mandatory component that has no published version', async () => {
    await harness.call('createComponent', {
      name: 'unpublished-disk',
      provider: 'local',
      semanticType: 'BlockStorage',
      content: {
        description: 'never published',
        code: 'export const x = 1;\n',
        inputSchema: { type: 'object' },
        outputSchema: { type: 'object' },
        resolverBindings: {},
      },
    });
    await harness.call('createEnvironmentTemplate', {
      landingZone: 'local-zone',
      name: 'unpublished',
      mandatoryComponents: ['unpublished-disk'],
    });
    const env = await harness.call('createEnvironment', { name: 'qa', landingZone: 'local-zone', template: 'unpublished' });
    await harness.settled(env.provisioningJobId!);
    const after = (await harness.call('listEnvironments', {})).find((each) => each.name === 'qa')!;
    expect(after).toMatchObject({
      status: 'failed',
      statusReason: expect.stringContaining('Mandatory component unpublished-disk of environment qa has no published version'),
    });
  });
});

describe('landing-zone system services', () => {
  const services = (component = 'local-network@1') => ({ schemaVersion: 1, nodes: [node('mgmt', component)], wires: [] });

  it('starts as a draft with no services; publishing without services is refused', async () => {
    const zone = await harness.call('getLandingZoneServices', { landingZone: 'local-zone' });
    expect(zone).toMatchObject({ status: 'draft', services: { nodes: [] }, servicesRevision: 0, systemEnvironment: null, jobId: null });
    expect(code(await harness.call('publishLandingZone', { landingZone: 'local-zone' }).catch((e: unknown) => e))).toBe(
      'no_system_services',
    );
  });

  it('refuses malformed documents, unknown components and components of another provider', async () => {
    const bad = [
      { schemaVersion: 2, nodes: [], wires: [] },
      { schemaVersion: 1, nodes: [node('a', 'local-network@1'), node('a', 'local-network@1')], wires: [] },
      'not a document',
      { schemaVersion: 1, nodes: Array.from({ length: 10_001 }, (_, i) => node(`n${i}`, 'local-network@1')), wires: [] },
    ];
    for (const document of bad)
      expect(code(await harness.call('setLandingZoneServices', { landingZone: 'local-zone', document }).catch((e: unknown) => e))).toBe(
        'invalid_input',
      );
    const unknown = await harness
      .call('setLandingZoneServices', { landingZone: 'local-zone', document: services('nope@1') })
      .catch((e: unknown) => e);
    expect(code(unknown)).toMatch(/not_found|unknown_component/);
    const proxmox = await harness
      .call('setLandingZoneServices', { landingZone: 'local-zone', document: services('proxmox-network@1') })
      .catch((e: unknown) => e);
    expect(code(proxmox)).toBe('mandatory_component_provider');
    expect(
      code(await harness.call('setLandingZoneServices', { landingZone: 'elsewhere', document: services() }).catch((e: unknown) => e)),
    ).toBe('not_found');
    expect((await harness.call('getLandingZoneServices', { landingZone: 'local-zone' })).servicesRevision).toBe(0);
  });

  it('publishes into a system environment made and marked on the first publish; a failure is recorded with its reason', async () => {
    const set = await harness.call('setLandingZoneServices', { landingZone: 'local-zone', document: services() });
    expect(set).toMatchObject({ status: 'draft', servicesRevision: 1, publishedRevision: null, unpublishedChanges: true });
    const { jobId } = await harness.call('publishLandingZone', { landingZone: 'local-zone' });
    const job = await harness.settled(jobId);
    expect(job.kind).toBe('landingzone.publish');
    expect(job.status).toBe('failed');
    const zone = await harness.call('getLandingZoneServices', { landingZone: 'local-zone' });
    expect(zone).toMatchObject({ status: 'failed', systemEnvironment: 'local-zone-system', jobId, unpublishedChanges: true });
    expect(zone.statusReason).toMatch(/^mgmt: .*Pulumi/i);
    const system = (await harness.call('listEnvironments', {})).find((env) => env.name === 'local-zone-system')!;
    expect(system).toMatchObject({ status: 'active', systemOf: expect.any(String), landingZone: 'local-zone' });
    // Its own provisioning is not asked again: the landing zone's publish is what deploys it.
    const refused = await harness
      .call('retryEnvironmentProvisioning', { environment: 'local-zone-system' })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'environment_not_failed', message: expect.stringContaining('publish the landing zone instead') });
    // The retry publishes again into the same environment.
    const again = await harness.call('publishLandingZone', { landingZone: 'local-zone' });
    await harness.settled(again.jobId);
    expect((await harness.call('listEnvironments', {})).filter((env) => env.name === 'local-zone-system')).toHaveLength(1);
    const zoneId = (await harness.call('listLandingZones', {})).find((each) => each.name === 'local-zone')!.id;
    const actions = (await harness.engine.store.audit.history('landing_zone', zoneId)).map((row) => row.action);
    expect(actions).toEqual([
      'landing_zone.services_set',
      'landing_zone.publish',
      'landing_zone.publish_failed',
      'landing_zone.publish',
      'landing_zone.publish_failed',
    ]);
  });

  it('refuses a system environment name taken by an environment people use', async () => {
    await harness.call('createLandingZone', { name: 'taken', provider: 'local' });
    await harness.call('createEnvironment', { name: 'taken-system', landingZone: 'local-zone' });
    await harness.call('setLandingZoneServices', { landingZone: 'taken', document: services() });
    const refused = await harness.call('publishLandingZone', { landingZone: 'taken' }).catch((e: unknown) => e);
    expect(code(refused)).toBe('system_environment_conflict');
    expect((await harness.call('getLandingZoneServices', { landingZone: 'taken' })).status).toBe('draft');
  });

  it('needs landingzone:bootstrap:manage to change or publish, and resolver:config:read to look', async () => {
    const made = await createTestEngine({ authorizer: permissionAuthorizer });
    try {
      const reader = {
        id: 'reader',
        tenant: 'default',
        permissions: new Set(PERMISSIONS.filter((p) => p !== 'landingzone:bootstrap:manage')),
      };
      const dispatch = (method: string, input: unknown) => made.engine.dispatcher.dispatch(method, input, { caller: reader });
      for (const [method, input] of [
        ['setLandingZoneServices', { landingZone: 'x', document: services() }],
        ['publishLandingZone', { landingZone: 'x' }],
        ['retryEnvironmentProvisioning', { environment: 'x' }],
      ] as const) {
        const outcome = await dispatch(method, input);
        expect(outcome.ok ? 'ok' : outcome.error.code).toBe('forbidden');
      }
      expect((await dispatch('listLandingZoneServices', {})).ok).toBe(true);
    } finally {
      await made.dispose();
    }
  });
});

describe('after a restart', () => {
  it('settles an environment left provisioning by a stopped Nimbus as failed, with the reason, and allows the retry', async () => {
    const made = await createTestEngine();
    const { engine, dataDir } = made;
    await engine.dispatcher.dispatch('createLandingZone', { name: 'z', provider: 'local' });
    const env = await engine.dispatcher.dispatch('createEnvironment', { name: 'crashed', landingZone: 'z' });
    if (!env.ok) throw new Error(env.error.message);
    const id = (env.result as { id: string }).id;
    // What a process that died mid-provisioning leaves: its job running, the environment provisioning.
    await engine.store.jobs.create({
      id: 'dead-job',
      kind: 'environment.provision',
      title: 'Provision crashed',
      createdAt: new Date().toISOString(),
    });
    await engine.store.bootstrap.putEnvironment(
      {
        environmentId: id,
        status: 'provisioning',
        statusReason: null,
        jobId: 'dead-job',
        systemOf: null,
        updatedAt: new Date().toISOString(),
      },
      null,
      'environment.provision',
    );
    await engine.dispose();
    // The job's process is gone: a process that has exited stands for it.
    const dead = spawn(process.execPath, ['-e', '0']);
    await once(dead, 'exit');
    const store = openStore(dataDir);
    store.jobs.setPidForTest('dead-job', dead.pid!);
    store.close();
    const restarted = await createTestEngine({ dataDir });
    try {
      await restarted.engine.ready;
      await restarted.engine.jobs.started();
      const list = await restarted.engine.dispatcher.dispatch('listEnvironments', {});
      if (!list.ok) throw new Error(list.error.message);
      const crashed = (list.result as { name: string; status: string; statusReason: string }[]).find((each) => each.name === 'crashed')!;
      expect(crashed.status).toBe('failed');
      expect(crashed.statusReason).toMatch(/Nimbus stopped while provisioning .*retry/);
      expect((await restarted.engine.store.jobs.get('dead-job')).status).toBe('interrupted');
      // Failed now, so it may be retried (the retry's job fails here without a Pulumi CLI, but it runs).
      const retried = await restarted.engine.dispatcher.dispatch('retryEnvironmentProvisioning', { environment: 'crashed' });
      expect(retried.ok).toBe(true);
    } finally {
      await restarted.dispose();
      await made.dispose().catch(() => undefined);
    }
  });
});
