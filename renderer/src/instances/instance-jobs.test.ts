import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../../../engine/api/contract';
import { pendingConfirmation } from './instance-jobs';

const at = '2026-01-01T00:00:00Z';

describe('confirmation', () => {
  const waiting = (seq: number, question: string): JobEvent => ({
    jobId: 'j',
    seq,
    at,
    type: 'job.log',
    level: 'warn',
    message: `Waiting for confirmation: ${question}`,
    confirmation: { state: 'waiting', question },
  });
  const confirmed = (seq: number, question: string): JobEvent => ({
    jobId: 'j',
    seq,
    at,
    type: 'job.log',
    level: 'info',
    message: 'Confirmed',
    confirmation: { state: 'confirmed', question },
  });
  it('finds the question a job waits on until it is confirmed or the job ends', () => {
    expect(pendingConfirmation([])).toBeNull();
    expect(pendingConfirmation([waiting(1, 'wipe the disk?')])).toBe('wipe the disk?');
    expect(pendingConfirmation([waiting(1, 'wipe the disk?'), confirmed(2, 'wipe the disk?')])).toBeNull();
    const finished: JobEvent = { jobId: 'j', seq: 2, at, type: 'job.finished', status: 'cancelled', error: null };
    expect(pendingConfirmation([waiting(1, 'wipe?'), finished])).toBeNull();
  });

  it('goes by the marked lines, not by what a log line says', () => {
    const lookalike: JobEvent = {
      jobId: 'j',
      seq: 1,
      at,
      type: 'job.log',
      level: 'warn',
      message: 'Waiting for confirmation: printed by a command',
    };
    expect(pendingConfirmation([lookalike])).toBeNull();
    expect(pendingConfirmation([waiting(1, 'wipe?'), { ...lookalike, seq: 2, message: 'Confirmed' }])).toBe('wipe?');
  });
});
