import { existsSync, readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobEvent } from '../api/schemas/jobs.js';
import type { Engine } from '../engine.js';
import { createTestEngine, type TestEngine } from '../test-support/test-engine.js';

// Real Pulumi CLI, real language host, real dynamic provider acting on a real file, file:// backend.
let made: TestEngine;
let engine: Engine;
beforeEach(async () => {
  made = await createTestEngine();
  engine = made.engine;
});
afterEach(() => made.dispose());

async function runCheck(): Promise<{ jobId: string; events: JobEvent[] }> {
  const started = await engine.dispatcher.dispatch('startPulumiCheck', {});
  if (!started.ok) throw new Error(started.error.message);
  const { jobId } = started.result as { jobId: string };
  await engine.jobs.settled(jobId);
  return { jobId, events: await engine.jobs.events(jobId) };
}

describe('Pulumi self-check (Automation API against the real CLI)', () => {
  it('previews, deploys and destroys a dynamic resource, streaming engine events', { timeout: 240_000 }, async () => {
    const { jobId, events } = await runCheck();
    const job = await engine.jobs.get(jobId);
    expect(job.error).toBeNull();
    expect(job.status).toBe('succeeded');

    const result = job.result as {
      markerPath: string;
      previewChanges: Record<string, number>;
      upChanges: Record<string, number>;
      destroyChanges: Record<string, number>;
    };
    expect(result.previewChanges).toMatchObject({ create: 2 });
    expect(result.upChanges).toMatchObject({ create: 2 });
    expect(result.destroyChanges).toMatchObject({ delete: 2 });
    expect(existsSync(result.markerPath)).toBe(false);

    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
    const steps = events
      .filter((event) => event.type === 'job.step' && event.status === 'finished')
      .map((event) => (event as { step: string }).step);
    expect(steps).toEqual(['locate-cli', 'preview', 'up', 'destroy']);
    const created = events.filter((event) => event.type === 'resource.finished' && event.operation === 'create');
    expect(created.map((event) => (event as { resourceType: string }).resourceType)).toContain('pulumi-nodejs:dynamic:Resource');
    const deleted = events.filter((event) => event.type === 'resource.finished' && event.operation === 'delete');
    expect(deleted.length).toBeGreaterThanOrEqual(1);
    expect(events.at(-1)).toMatchObject({ type: 'job.finished', status: 'succeeded' });
  });

  it('stops when cancelled and leaves no marker file behind', { timeout: 240_000 }, async () => {
    const started = await engine.dispatcher.dispatch('startPulumiCheck', {});
    if (!started.ok) throw new Error(started.error.message);
    const { jobId } = started.result as { jobId: string };
    // Cancel while the CLI is running `up`: at its first resource event.
    const upStarted = new Promise<void>((resolve) => {
      let inUp = false;
      const off = engine.onJobEvent((event) => {
        if (event.jobId !== jobId) return;
        if (event.type === 'job.step' && event.step === 'up' && event.status === 'started') inUp = true;
        if (inUp && event.type === 'resource.started') {
          off();
          resolve();
        }
      });
    });
    await Promise.race([upStarted, engine.jobs.settled(jobId)]);
    expect((await engine.jobs.get(jobId)).status).toBe('running');
    await engine.dispatcher.dispatch('cancelJob', { id: jobId });
    const job = await engine.jobs.settled(jobId);
    expect(job.status).toBe('cancelled');
    const events = await engine.jobs.events(jobId);
    expect(events.filter((event) => event.type === 'job.log' && /Cleaning up/.test(event.message))).toHaveLength(1);
    expect(events.some((event) => event.type === 'job.step' && event.step === 'up' && event.status === 'finished')).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'job.finished', status: 'cancelled' });
    expect(existsSync(`${made.dataDir}/work`) ? readdirSync(`${made.dataDir}/work`) : []).toEqual([]);
  });
});
