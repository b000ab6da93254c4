import { existsSync, readdirSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive, killAll, processesMentioning } from '../components/builtin/local/processes.js';
import { deployTestEngine, type DeployTestEngine } from '../deploy/deploy-test-support.js';
import type { Engine } from '../engine.js';
import { haWebStackDocument } from '../common/examples/ha-web-stack.js';
import { createTestEngine, type TestEngine } from '../test-support/test-engine.js';

// A stack end to end: real SQLite, the real Pulumi CLI, the local provider's real objects, the real
// poller and routing rules, and an engine restarted between two transitions.
let harness: DeployTestEngine;
let restartedEngine: TestEngine | null = null;

beforeAll(async () => {
  harness = await deployTestEngine();
});
afterAll(async () => {
  await restartedEngine?.engine.dispose();
  // The local provider's machines run outside this process tree: end them before the leak checks.
  if (harness) await killAll(processesMentioning(harness.dataDir));
  await restartedEngine?.dispose();
  await harness?.dispose();
});

async function call<T>(engine: Engine, method: string, input: unknown): Promise<T> {
  const outcome = await engine.dispatcher.dispatch(method as never, input as never);
  if (!outcome.ok) throw Object.assign(new Error(outcome.error.message), outcome.error);
  return outcome.result as T;
}

/** One disk, and a machine that only deploys and destroys. */
const diskStack = {
  slots: [{ name: 'disk', component: 'local-storage@1', inputs: { size_mb: '4' } }],
  stateMachine: {
    states: [{ name: 'new', initial: true }, { name: 'deploying' }, { name: 'active' }, { name: 'failed' }],
    transitions: [
      { from: 'new', to: 'deploying', trigger: 'deploy', workflow: 'deploy' },
      { from: 'deploying', to: 'active', trigger: 'deploy.succeeded' },
      { from: 'deploying', to: 'failed', trigger: 'deploy.failed' },
    ],
  },
};

describe('a stack instance with the real Pulumi CLI and the local provider', () => {
  it('resumes a deploy interrupted by an engine restart and converges to active', { timeout: 300_000 }, async () => {
    const firstEngine = await createTestEngine({ dataDir: harness.dataDir });
    const first = firstEngine.engine;
    await call(first, 'createStack', { name: 'one-disk', document: diskStack });
    await call(first, 'publishStack', { name: 'one-disk', changelog: 'First version' });
    const started = new Promise<void>((resolve) =>
      first.onJobEvent((event) => event.type === 'node.status' && event.status === 'deploying' && resolve()),
    );
    const created = await call<{ id: string }>(first, 'deployStack', { stack: 'one-disk', environment: 'dev', name: 'scratch' });
    await started;
    // The engine stops while Pulumi works: the deploy job is cancelled (and rolled back), the instance stays `deploying`.
    await firstEngine.dispose();

    const secondEngine = await createTestEngine({ dataDir: harness.dataDir, recoverOnStart: true });
    const second = secondEngine.engine;
    try {
      const resumed = await second.stackRuntime.idle(created.id);
      expect(resumed.lastError).toBeNull();
      expect(resumed.state).toBe('active');
      const disk = (
        await call<{ nodeId: string; status: string; outputs: { path: string } }[]>(second, 'listDeployments', {
          environment: 'dev',
          topology: 'stack:scratch',
        })
      )[0]!;
      expect(disk.status).toBe('deployed');
      expect(existsSync(disk.outputs.path)).toBe(true);
      const history = (await second.stackRuntime.history(created.id)).map((h) => `${h.from ?? '∅'}>${h.to}:${h.trigger}`);
      expect(history).toEqual(['∅>new:create', 'new>deploying:deploy', 'deploying>active:deploy.succeeded']);
      // Both deploy jobs are on record: the interrupted one and the one that finished it.
      const jobs = (await second.jobs.list()).filter((job) => job.kind === 'stack.deploy');
      expect(jobs.map((job) => job.status).sort()).toEqual(['cancelled', 'succeeded']);
    } finally {
      await secondEngine.dispose();
    }
  });

  it(
    'deploys to active, degrades when an object is removed behind its back, survives a restart and heals back to active',
    { timeout: 600_000 },
    async () => {
      await harness.call('createStack', { name: 'ha-web', document: haWebStackDocument() });
      expect((await harness.call('publishStack', { name: 'ha-web', changelog: 'First version' })).version).toBe(1);

      // deploying → active
      const created = await harness.call('deployStack', {
        stack: 'ha-web',
        environment: 'dev',
        name: 'site',
        params: { zone: 'shop.internal' },
      });
      expect(created).toMatchObject({ state: 'deploying', status: 'running', version: 1, params: { zone: 'shop.internal', web_cores: 1 } });
      let instance = await harness.engine.stackRuntime.idle(created.id);
      expect(instance.lastError).toBeNull();
      expect(instance.state).toBe('active');
      expect(instance.outputs.url).toBe('http://www.shop.internal');
      expect(instance.lastJob).toMatchObject({ workflow: 'deploy' });
      expect(await harness.engine.jobs.get(instance.lastJob!.jobId)).toMatchObject({ kind: 'stack.deploy', status: 'succeeded' });

      // The transforms computed the machines' addresses from the network the deploy created.
      const deployments = await harness.call('listDeployments', { environment: 'dev', topology: 'stack:site' });
      const bySlot = Object.fromEntries(deployments.map((d) => [d.nodeId, d]));
      const cidr = bySlot.net!.outputs.cidr as string;
      const prefix = cidr.replace(/\.0\/24$/, '');
      expect(bySlot.web1!.values.ip_address).toMatchObject({ value: `${prefix}.11`, source: 'wire' });
      expect(bySlot.web2!.values.ip_address!.value).toBe(`${prefix}.12`);
      expect(bySlot.dns!.values.ip_address!.value).toBe(`${prefix}.11`);
      expect(isAlive(bySlot.web2!.outputs.pid as number)).toBe(true);

      // A day-2 operation outside its states is refused, naming the allowed ones.
      await expect(harness.call('runStackOperation', { id: created.id, operation: 'heal' })).rejects.toMatchObject({
        code: 'operation_not_allowed',
        message: 'heal can run only when site is degraded; it is active',
      });

      // The poller's first pass takes the baseline; nothing has happened yet.
      expect(await harness.engine.poller.poll()).toEqual([]);

      // web2's machine is removed behind Nimbus' back; the poller sees it and a routing rule degrades the instance.
      rmSync(bySlot.web2!.outputs.path as string, { recursive: true, force: true });
      const logged = await harness.engine.poller.poll();
      expect(logged.map((event) => event.type)).toEqual(['local.vm.removed']);
      expect(logged[0]!.outcomes).toEqual([
        {
          instanceId: created.id,
          trigger: 'object.lost',
          from: 'active',
          to: 'degraded',
          note: 'rule 1 (local.*.removed): active → degraded',
        },
      ]);
      instance = await harness.engine.stackRuntime.get(created.id);
      expect(instance.state).toBe('degraded');

      // The engine stops between two transitions; a new one restores the instance where it was.
      await harness.engine.dispose();
      restartedEngine = await createTestEngine({ dataDir: harness.dataDir, recoverOnStart: true });
      const restarted = restartedEngine.engine;
      const restored = await call<{
        instance: { state: string };
        history: { from: string | null; to: string; trigger: string }[];
        operations: { name: string; allowed: boolean }[];
      }>(restarted, 'getStackInstance', { id: created.id });
      expect(restored.instance.state).toBe('degraded');
      expect(restored.operations).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'heal', allowed: true })]));

      // heal (allowed only in degraded) puts the machine back, and its completion trigger returns to active.
      await call(restarted, 'runStackOperation', { id: created.id, operation: 'heal' });
      instance = await restarted.stackRuntime.idle(created.id);
      expect(instance.lastError).toBeNull();
      expect(instance.state).toBe('active');
      const healed = (
        await call<{ nodeId: string; outputs: Record<string, unknown> }[]>(restarted, 'listDeployments', {
          environment: 'dev',
          topology: 'stack:site',
        })
      ).find((d) => d.nodeId === 'web2')!;
      expect(existsSync(healed.outputs.path as string)).toBe(true);
      expect(isAlive(healed.outputs.pid as number)).toBe(true);

      const history = (
        await call<{ history: { from: string | null; to: string; trigger: string }[] }>(restarted, 'getStackInstance', { id: created.id })
      ).history.map((h) => `${h.from ?? '∅'}>${h.to}:${h.trigger}`);
      expect(history).toEqual([
        '∅>new:create',
        'new>deploying:deploy',
        'deploying>active:deploy.succeeded',
        'active>degraded:object.lost',
        'degraded>degraded:operation heal',
        'degraded>active:healed',
      ]);

      // destroy → destroyed, and nothing is left running.
      await call(restarted, 'destroyStackInstance', { id: created.id });
      instance = await restarted.stackRuntime.idle(created.id);
      expect(instance.state).toBe('destroyed');
      expect(await call<unknown[]>(restarted, 'listDeployments', { environment: 'dev', topology: 'stack:site' })).toEqual([]);
      expect(readdirSync(`${harness.localRoot}/machines`)).toEqual([]);
    },
  );
});
