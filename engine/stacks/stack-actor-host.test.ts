import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Repositories } from '../store/ports/repositories.js';
import type { RepositoryScope } from '../store/ports/store-port.js';
import { useTestEngine } from '../test-support/test-engine.js';
import { until } from '../test-support/until.js';
import { StackActorHost } from './stack-actor-host.js';

const fixture = useTestEngine();

/** A stack whose running state can be paused and resumed without any workflow. */
const pausable = {
  slots: [{ name: 'disk', component: 'local-storage@1', inputs: { size_mb: '4' } }],
  stateMachine: {
    states: [{ name: 'new', initial: true }, { name: 'deploying' }, { name: 'active' }, { name: 'paused' }, { name: 'failed' }],
    transitions: [
      { from: 'new', to: 'deploying', trigger: 'deploy', workflow: 'deploy' },
      { from: 'deploying', to: 'active', trigger: 'deploy.succeeded' },
      { from: 'deploying', to: 'failed', trigger: 'deploy.failed' },
      { from: 'active', to: 'paused', trigger: 'pause' },
      { from: 'paused', to: 'active', trigger: 'resume' },
    ],
  },
};

describe('the actor host', () => {
  it('stores the snapshot of the last of several quick transitions, and their history in order, however slow each write is', async () => {
    const engine = fixture.engine();
    for (const [method, input] of [
      ['createStack', { name: 'pausable', document: pausable }],
      ['publishStack', { name: 'pausable', changelog: 'first' }],
    ] as const) {
      const outcome = await engine.dispatcher.dispatch(method, input as never);
      if (!outcome.ok) throw new Error(outcome.error.message);
    }
    const port = engine.store;
    const id = randomUUID();
    await port.stacks.insertInstance({
      id,
      name: 'quick',
      stackId: (await engine.stacks.get(engine.services.viewer, 'pausable')).id,
      version: 1,
      environment: 'dev',
      params: {},
      state: 'active',
      machineVersion: 1,
      createdAt: new Date().toISOString(),
    });
    // The second transition's write starts late: left to itself, it would land after the third.
    let units = 0;
    let running = 0;
    const slowSecond: RepositoryScope = {
      ...port,
      unitOfWork: async <T>(work: (tx: Repositories) => Promise<T>): Promise<T> => {
        units += 1;
        running += 1;
        try {
          if (units === 2) await sleep(80);
          return await port.unitOfWork(work);
        } finally {
          running -= 1;
        }
      },
    };
    const host = new StackActorHost(slowSecond, engine.stacks, engine.deploy, engine.services.viewer, {
      runWorkflow: () => Promise.resolve(undefined),
      evaluateGuard: () => true,
    });
    try {
      const live = await host.attach((await port.stacks.instance(id))!);
      for (const trigger of ['pause', 'resume', 'pause']) live.actor.send({ type: trigger });
      expect(live.actor.state()).toBe('paused');

      await host.flushed();
      await until(() => units === 3 && running === 0, 'every transition was written');
      const stored = (await port.stacks.instance(id))!;
      expect(stored.state).toBe('paused');
      expect(JSON.stringify(stored.snapshot)).toBe(JSON.stringify(live.actor.persisted()));
      expect((await port.stacks.history(id)).map((entry) => `${entry.from}>${entry.to}`)).toEqual([
        'active>paused',
        'paused>active',
        'active>paused',
      ]);
    } finally {
      await host.dispose();
    }
  });
});
