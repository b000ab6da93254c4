import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deployTestEngine, type DeployTestEngine } from '../deploy/deploy-test-support.js';
import type { Engine } from '../engine.js';
import { createTestEngine, type TestEngine } from '../test-support/test-engine.js';
import { activeInstance, markCount, markingStack } from './__fixtures__/marking-stack.js';
import { until } from '../test-support/until.js';

/**
 * Stack instances taken through transitions and day-2 operations without Pulumi (operations that run
 * commands and wait), and an engine that stops mid-operation and another that takes over. (Engines
 * at work at the same moment are tested on PostgreSQL: two SQLite engines in one test process would
 * block each other's thread on the database's write lock.)
 */
let harness: DeployTestEngine;
let second: TestEngine | null = null;
let marks: string;

beforeEach(async () => {
  harness = await deployTestEngine();
  marks = path.join(harness.dataDir, 'marks.txt');
  await harness.call('createStack', { name: 'pausable', document: markingStack(marks) });
  await harness.call('publishStack', { name: 'pausable', changelog: 'first' });
});
afterEach(async () => {
  await second?.dispose();
  second = null;
  await harness.dispose();
});

const runs = (): number => markCount(marks);
const history = async (engine: Engine, id: string) =>
  (await engine.stackRuntime.history(id)).map((entry) => `${entry.from}>${entry.to}:${entry.trigger}`);

describe('stack instances in the store', () => {
  it('runs a day-2 operation as a job that moves its instance on once it is done', async () => {
    const id = await activeInstance(harness.engine);
    const started = await harness.call('runStackOperation', { id, operation: 'mark' });
    expect(started).toMatchObject({ status: 'running', activity: { workflow: 'mark' } });
    expect(started.activity?.jobId).toEqual(expect.any(String));
    const done = await harness.engine.stackRuntime.idle(id);
    expect(done).toMatchObject({ state: 'active', status: 'idle', lastError: null, activity: null });
    expect(runs()).toBe(1);
    expect(await harness.engine.jobs.get(started.activity!.jobId!)).toMatchObject({ kind: 'stack.operation', status: 'succeeded' });
    expect(await history(harness.engine, id)).toEqual(['active>active:operation mark', 'active>active:marked']);
  });

  it('refuses a second operation while one runs, and takes no trigger but its outcome', async () => {
    const id = await activeInstance(harness.engine);
    await harness.call('runStackOperation', { id, operation: 'mark-slowly' });
    const refused = await harness.engine.dispatcher.dispatch('runStackOperation', { id, operation: 'mark' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'stack_instance_busy' } });
    expect((await harness.engine.stackRuntime.send(id, { type: 'pause' }, 'pause')).note).toBe('not taken: mark-slowly is running');
    await harness.engine.stackRuntime.idle(id);
    expect(runs()).toBe(1);
    expect(await history(harness.engine, id)).toEqual(['active>active:operation mark-slowly', 'active>active:marked']);
  });

  it('goes on from a confirm step once confirmed, and says when nothing waits for one', async () => {
    const id = await activeInstance(harness.engine);
    const nothing = await harness.engine.dispatcher.dispatch('confirmStackOperation', { id });
    expect(nothing).toMatchObject({ ok: false, error: { code: 'nothing_to_confirm' } });
    await harness.call('runStackOperation', { id, operation: 'mark-when-confirmed' });
    await until(async () => (await harness.engine.store.stacks.instance(id))?.activity?.awaiting === 'Leave a mark?', 'the step waits');
    expect(runs()).toBe(0);
    const confirmed = await harness.engine.dispatcher.dispatch('confirmStackOperation', { id });
    expect(confirmed.ok).toBe(true);
    const done = await harness.engine.stackRuntime.idle(id, 10_000);
    expect(done).toMatchObject({ state: 'active', lastError: null });
    expect(runs()).toBe(1);
  });

  it('takes the failure path of a cancelled operation without recording an error', async () => {
    const id = await activeInstance(harness.engine);
    const started = await harness.call('runStackOperation', { id, operation: 'mark-when-confirmed' });
    await until(async () => (await harness.engine.store.stacks.instance(id))?.activity?.awaiting !== undefined, 'the step waits');
    await harness.call('cancelJob', { id: started.activity!.jobId! });
    const done = await harness.engine.stackRuntime.idle(id, 10_000);
    expect(done).toMatchObject({ state: 'failed', lastError: null });
    expect(await history(harness.engine, id)).toEqual(['active>active:operation mark-when-confirmed', 'active>failed:marked.failed']);
    expect(runs()).toBe(0);
  });

  it('starts again, once, an operation whose engine stopped in the middle of it', async () => {
    const first = await createTestEngine({ dataDir: harness.dataDir });
    const id = await activeInstance(first.engine);
    const started = await first.engine.stackRuntime.runOperation(id, 'mark-slowly');
    await until(() => runs() === 1, 'the first step ran');
    await first.dispose();
    // The engine stopped: its job is cancelled, the instance still runs the operation.
    expect(await harness.engine.store.stacks.instance(id)).toMatchObject({ busy: true, activity: { jobId: started.activity!.jobId } });
    expect(await harness.engine.jobs.get(started.activity!.jobId!)).toMatchObject({ status: 'cancelled' });

    second = await createTestEngine({ dataDir: harness.dataDir, recoverOnStart: true });
    await second.engine.ready;
    const done = await second.engine.stackRuntime.idle(id, 20_000);
    expect(done).toMatchObject({ state: 'active', lastError: null });
    expect(done.lastJob?.jobId).not.toBe(started.activity!.jobId);
    expect(runs()).toBe(2);
    expect(await history(second.engine, id)).toEqual(['active>active:operation mark-slowly', 'active>active:marked']);
    // A second restore finds nothing to start again.
    await second.engine.stackRuntime.restore();
    expect((await second.engine.stackRuntime.get(id)).status).toBe('idle');
    expect(runs()).toBe(2);
  });

  it('tells the subscribers of stack.state_changed about a new state, not about a workflow starting and ending in one', async () => {
    const id = await activeInstance(harness.engine);
    await harness.call('subscribeNotifications', { eventType: 'stack.state_changed', channel: 'in-app' });
    await harness.call('runStackOperation', { id, operation: 'mark' });
    await harness.engine.stackRuntime.idle(id);
    await harness.engine.stackRuntime.send(id, { type: 'pause' }, 'paused by the test');
    const mine = await harness.call('listMyNotifications', {});
    expect(mine).toHaveLength(1);
    expect(JSON.stringify(mine[0])).toContain('paused');
  });
});
