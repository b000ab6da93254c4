import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive } from '../components/builtin/local/processes.js';
import { ValidationError } from '../errors.js';
import { until } from '../test-support/until.js';
import { createAdapterHarness, descendantsOf, type AdapterHarness } from './adapter-test-support.js';
import {
  cancelStackUpdate,
  driftOf,
  exportStackState,
  importStackState,
  listStackLocks,
  readStackOutputs,
  removeStack,
  runStackOperation,
  stackExists,
  type PulumiJobEvent,
  type StepRecord,
} from './automation-adapter.js';

// Real Pulumi CLI v3.259, real language host, the `files` fixture's dynamic provider acting on real
// files, file:// backend: refresh and drift, stack housekeeping, locks, interrupted updates.
let harness: AdapterHarness;
beforeAll(async () => {
  harness = await createAdapterHarness('nimbus-adapter-ops-');
});
afterAll(() => harness?.remove());

const DYNAMIC = 'pulumi-nodejs:dynamic:Resource';
const nameOf = (urn: string) => urn.split('::').at(-1);
const opsByName = (steps: StepRecord[]) => Object.fromEntries(steps.map((step) => [nameOf(step.urn), step.op]));
const automationFiles = () => new Set(readdirSync(os.tmpdir()).filter((name) => /^automation-\d{6}$/.test(name)));

/** Resolves at the first resource step of a dynamic resource that `run` reports. */
function firstDynamicStep(): { onEvent: (event: PulumiJobEvent) => void; started: Promise<void> } {
  let resolve!: () => void;
  const started = new Promise<void>((res) => (resolve = res));
  return { started, onEvent: (event) => event.type === 'resource.started' && event.resourceType === DYNAMIC && resolve() };
}

describe('refresh and drift', () => {
  it(
    'shows edited and removed objects as update and delete steps; drift changes nothing, refresh adopts them',
    { timeout: 300_000 },
    async () => {
      const dir = harness.filesDir('drift');
      const secretUp = await runStackOperation(
        harness.target('files', 'drift', { dir, count: '3', content: 'top secret', secretContent: 'true' }),
        'up',
      );
      // Neither the stack root nor the provider instance is a step; secrets stay hidden.
      expect(opsByName(secretUp.steps)).toEqual({ 'file-0': 'create', 'file-1': 'create', 'file-2': 'create' });
      expect(secretUp.steps.map((step) => step.new?.content)).toEqual(['[secret]', '[secret]', '[secret]']);
      expect(secretUp.steps[0]?.new).not.toHaveProperty('__provider');

      const target = harness.target('files', 'drift', { dir, count: '3', content: 'visible', secretContent: 'false' });
      const plainUp = await runStackOperation(target, 'up');
      expect(
        plainUp.steps.map((step) => [step.op, step.diffs, step.old?.content, step.new?.content, step.old?.size, step.new?.size]),
      ).toEqual(Array.from({ length: 3 }, () => ['update', ['content', 'size'], '[secret]', 'visible', 10, 7]));

      writeFileSync(path.join(dir, 'file-0.txt'), 'edited behind its back');
      rmSync(path.join(dir, 'file-1.txt'));
      const stateBefore = await exportStackState(target);

      const drift = await runStackOperation(target, 'drift');
      expect(opsByName(drift.steps)).toEqual({ 'file-0': 'update', 'file-1': 'delete', 'file-2': 'same' });
      expect(drift.changes).toEqual({ update: 1, delete: 1, same: 2 });
      const expectedDrift = [
        {
          urn: expect.stringMatching(/::file-0$/),
          type: DYNAMIC,
          change: 'modified',
          properties: [
            { name: 'content', expected: 'visible', actual: 'edited behind its back' },
            { name: 'size', expected: 7, actual: 22 },
          ],
        },
        { urn: expect.stringMatching(/::file-1$/), type: DYNAMIC, change: 'deleted', properties: [] },
      ];
      const byUrn = (a: { urn: string }, b: { urn: string }) => a.urn.localeCompare(b.urn);
      expect(driftOf(drift).sort(byUrn)).toEqual(expectedDrift);
      // A drift check is a preview: the state is what it was.
      expect((await exportStackState(target)).state).toEqual(stateBefore.state);

      const refresh = await runStackOperation(target, 'refresh');
      expect(driftOf(refresh).sort(byUrn)).toEqual(expectedDrift);
      const refreshed = await exportStackState(target);
      expect(refreshed.resourceCount).toBe(stateBefore.resourceCount - 1);
      // The state now records the edited object, yet the object still differs from what the program
      // declares: the CLI keeps reporting it as an update, the removed file is forgotten.
      const adopted = await runStackOperation(target, 'drift');
      expect(opsByName(adopted.steps)).toEqual({ 'file-0': 'update', 'file-2': 'same' });
      expect(driftOf(adopted)).toEqual([
        {
          urn: expect.stringMatching(/::file-0$/),
          type: DYNAMIC,
          change: 'modified',
          properties: [{ name: 'content', expected: 'visible', actual: 'edited behind its back' }],
        },
      ]);

      // An up puts the objects back as declared; then there is no drift left.
      const restored = await runStackOperation(target, 'up');
      expect(opsByName(restored.steps)).toEqual({ 'file-0': 'update', 'file-1': 'create', 'file-2': 'same' });
      const clean = await runStackOperation(target, 'drift');
      expect(driftOf(clean)).toEqual([]);
      expect(opsByName(clean.steps)).toEqual({ 'file-0': 'same', 'file-1': 'same', 'file-2': 'same' });

      await runStackOperation(target, 'destroy');
      expect(readdirSync(dir)).toEqual([]);
    },
  );
});

describe('stack housekeeping', () => {
  it('exports, imports into another backend, reads outputs, removes stacks and knows which exist', { timeout: 300_000 }, async () => {
    const dir = harness.filesDir('keep');
    const target = harness.target('files', 'keep', { dir, count: '2' });
    // The same stack in a second backend, as when moving a stack from the data directory to S3.
    const copy = { ...target, config: {}, backendUrl: `${target.backendUrl}-copy` };
    expect(await stackExists(target)).toBe(false);
    await expect(readStackOutputs(target)).rejects.toMatchObject({
      code: 'pulumi_stack_not_found',
      message: 'The Pulumi stack "keep" does not exist in this backend',
    });
    await expect(exportStackState(target)).rejects.toMatchObject({ code: 'pulumi_stack_not_found' });
    expect(await removeStack(target)).toBe(false);

    await runStackOperation(target, 'up');
    expect(await stackExists(target)).toBe(true);
    expect(await stackExists(copy)).toBe(false);
    const outputs = await readStackOutputs(target);
    expect(outputs).toEqual({ paths: [path.join(dir, 'file-0.txt'), path.join(dir, 'file-1.txt')], token: '[secret]' });
    const exported = await exportStackState(target);
    // The stack root, the provider instance and two files.
    expect({ resourceCount: exported.resourceCount, pendingOperations: exported.pendingOperations }).toEqual({
      resourceCount: 4,
      pendingOperations: [],
    });

    expect(await importStackState(copy, exported.state)).toEqual({ resourceCount: 4, pendingOperations: [] });
    expect(await readStackOutputs(copy)).toEqual(outputs);

    // Refused before the CLI sees it: the CLI would take it and forget every resource.
    await expect(importStackState(copy, { version: 3, deployment: {} })).rejects.toBeInstanceOf(ValidationError);
    // Refused by the CLI: no plaintext copy of the state is left in the temporary directory.
    const filesBefore = automationFiles();
    await expect(importStackState(copy, { ...(exported.state as object), version: 99 })).rejects.toMatchObject({
      code: 'pulumi_failed',
      message: expect.stringContaining('newer than what this version'),
    });
    expect([...automationFiles()].filter((name) => !filesBefore.has(name))).toEqual([]);
    expect((await exportStackState(copy)).resourceCount).toBe(4);

    await expect(removeStack(copy)).rejects.toMatchObject({ code: 'pulumi_stack_not_empty' });
    await runStackOperation(copy, 'destroy');
    expect(readdirSync(dir)).toEqual([]);
    await runStackOperation(target, 'destroy');
    expect(await removeStack(copy)).toBe(true);
    expect(await removeStack(target)).toBe(true);
    expect(await stackExists(target)).toBe(false);
    expect(existsSync(path.join(target.workDir, 'Pulumi.keep.yaml'))).toBe(false);
  });
});

describe('locks and interrupted updates', () => {
  it('refuses an update of a stack while another runs, with pulumi_concurrent_update', { timeout: 240_000 }, async () => {
    const dir = harness.filesDir('twice');
    const target = harness.target('files', 'twice', { dir, count: '1', delayMs: '3000' });
    await runStackOperation(target, 'preview');
    // The second starts once the first holds the lock: two CLIs taking it at the very same moment can
    // both see the other's lock file and both give up, which is the CLI's behaviour, not Nimbus'.
    const first = Promise.allSettled([runStackOperation(target, 'up')]);
    await until(() => listStackLocks(target).length === 1, 'the first update holds the stack lock', { timeoutMs: 60_000, intervalMs: 200 });
    const second = Promise.allSettled([runStackOperation(target, 'up')]);
    const results = [...(await first), ...(await second)];
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toMatchObject({
      code: 'pulumi_concurrent_update',
      message: expect.stringMatching(/^Stack "twice" is locked by another update \(.+, pid \d+, since .+\), so up cannot start\./),
    });
    expect(listStackLocks(target)).toEqual([]);
    await runStackOperation(target, 'destroy');
  });

  it(
    'leaves no lock and no pending operation when an up is aborted: running steps finish and are recorded',
    { timeout: 240_000 },
    async () => {
      const dir = harness.filesDir('abort');
      const target = harness.target('files', 'abort', { dir, count: '2', delayMs: '3000' });
      const controller = new AbortController();
      const reason = new Error('stopped by the test');
      const step = firstDynamicStep();
      const run = runStackOperation(target, 'up', { signal: controller.signal, onEvent: step.onEvent });
      await step.started;
      setTimeout(() => controller.abort(reason), 300);
      await expect(run).rejects.toBe(reason);

      expect(listStackLocks(target)).toEqual([]);
      const state = await exportStackState(target);
      expect(state.pendingOperations).toEqual([]);
      // What the state records is exactly what exists: the interrupt let the started creates finish.
      const recorded = ((state.state as { deployment: { resources: { urn: string; type: string }[] } }).deployment.resources ?? [])
        .filter((resource) => resource.type === DYNAMIC)
        .map((resource) => `${nameOf(resource.urn)}.txt`)
        .sort();
      expect(recorded.length).toBeGreaterThanOrEqual(1);
      expect(readdirSync(dir).sort()).toEqual(recorded);

      await runStackOperation(target, 'destroy');
      expect(readdirSync(dir)).toEqual([]);
    },
  );

  it(
    'recovers a stack whose CLI was killed: stale lock, pending creates, cancel, refresh clearing them',
    { timeout: 300_000 },
    async () => {
      const dir = harness.filesDir('killed');
      // Creates that would take a minute: the kill below lands long before either could finish, however loaded the machine.
      const target = harness.target('files', 'killed', { dir, count: '2', delayMs: '60000' });
      const step = firstDynamicStep();
      const run = runStackOperation(target, 'up', { onEvent: step.onEvent });
      const outcome = run.then(
        () => null,
        (error: unknown) => error,
      );
      await step.started;
      await until(
        async () => (await exportStackState(target)).pendingOperations.length === 2,
        'the state records both creates as pending',
        { timeoutMs: 30_000, intervalMs: 200 },
      );
      const [lock] = listStackLocks(target);
      expect(lock?.pid).toEqual(expect.any(Number));
      // The CLI, its language host, the program and the provider: as a crash would leave them, all gone at once.
      const killed = [lock!.pid!, ...descendantsOf(lock!.pid!)];
      expect(killed.length).toBeGreaterThanOrEqual(3);
      for (const pid of killed) process.kill(pid, 'SIGKILL');
      expect(await outcome).toMatchObject({ code: 'pulumi_failed', message: expect.stringContaining('was killed (SIGKILL)') });

      expect(listStackLocks(target)).toHaveLength(1);
      const pending = (await exportStackState(target)).pendingOperations;
      expect(pending.map((operation) => [operation.type, nameOf(operation.urn)]).sort()).toEqual([
        ['creating', 'file-0'],
        ['creating', 'file-1'],
      ]);
      await expect(runStackOperation(target, 'up')).rejects.toMatchObject({
        code: 'pulumi_concurrent_update',
        details: { holders: [{ pid: lock!.pid }] },
      });

      expect((await cancelStackUpdate(target)).map((cleared) => cleared.pid)).toEqual([lock!.pid]);
      expect(listStackLocks(target)).toEqual([]);
      // A plain refresh keeps pending creates; clearPendingCreates drops them.
      await runStackOperation(target, 'refresh');
      expect((await exportStackState(target)).pendingOperations).toHaveLength(2);
      await runStackOperation(target, 'refresh', { clearPendingCreates: true });
      expect((await exportStackState(target)).pendingOperations).toEqual([]);
      // Killed before the slow creates wrote anything.
      expect(readdirSync(dir)).toEqual([]);
      expect(killed.filter(isAlive)).toEqual([]);

      const up = await runStackOperation(harness.target('files', 'killed', { delayMs: '0' }), 'up');
      expect(up.changes).toMatchObject({ create: 2 });
      await runStackOperation(target, 'destroy');
      expect(readdirSync(dir)).toEqual([]);
    },
  );
});
