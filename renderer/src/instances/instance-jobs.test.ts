import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../../../engine/api/contract';
import { pendingConfirmation } from './instance-jobs';

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
