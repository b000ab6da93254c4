import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../../../engine/api/contract';
import { isJobOfInstance, pendingConfirmation } from './instance-jobs';

const at = '2026-01-01T00:00:00Z';

describe('confirmation', () => {
  const log = (seq: number, message: string): JobEvent => ({ jobId: 'j', seq, at, type: 'job.log', level: 'warn', message });
  it('finds the question a job waits on until it is confirmed or the job ends', () => {
    expect(pendingConfirmation([])).toBeNull();
    expect(pendingConfirmation([log(1, 'Waiting for confirmation: wipe the disk?')])).toBe('wipe the disk?');
    expect(pendingConfirmation([log(1, 'Waiting for confirmation: wipe the disk?'), log(2, 'Confirmed')])).toBeNull();
    const finished: JobEvent = { jobId: 'j', seq: 2, at, type: 'job.finished', status: 'cancelled', error: null };
    expect(pendingConfirmation([log(1, 'Waiting for confirmation: wipe?'), finished])).toBeNull();
  });
});

describe('jobs of an instance', () => {
  const started = (kind: string, title: string) => ({ kind, title });
  it("recognises the engine's titles for an instance's workflows and operations", () => {
    expect(isJobOfInstance(started('stack.deploy', 'Deploy stack web'), 'web', [])).toBe(true);
    expect(isJobOfInstance(started('stack.operation', 'heal on web'), 'web', ['heal'])).toBe(true);
    expect(isJobOfInstance(started('stack.operation', 'heal on web2'), 'web', ['heal'])).toBe(false);
    expect(isJobOfInstance(started('stack.deploy', 'Deploy stack web2'), 'web', [])).toBe(false);
    expect(isJobOfInstance(started('deploy', 'Deploy stack web'), 'web', [])).toBe(false);
  });
});
