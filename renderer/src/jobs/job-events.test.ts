import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../../../engine/api/contract';
import { describeJobEvent, hasGap, jobStatusOf, mergeJobEvents } from './job-events';

const at = '2026-01-01T00:00:00Z';
const log = (seq: number): JobEvent => ({ jobId: 'j', seq, at, type: 'job.log', level: 'info', message: `line ${seq}` });

describe('job events', () => {
  it('merges live and fetched events by sequence number without duplicates', () => {
    expect(mergeJobEvents([log(2), log(3)], [log(1), log(2)]).map((event) => event.seq)).toEqual([1, 2, 3]);
  });

  it('reports the final status once the job finished', () => {
    expect(jobStatusOf([log(1)])).toBe('running');
    const finished: JobEvent = {
      jobId: 'j',
      seq: 2,
      at,
      type: 'job.finished',
      status: 'failed',
      error: { code: 'pulumi_failed', message: 'no CLI', details: {} },
    };
    expect(jobStatusOf([log(1), finished])).toBe('failed');
    expect(describeJobEvent(finished)).toEqual({ text: 'Finished: failed — no CLI', tone: 'error' });
  });

  it('notices missing events, including a missed start', () => {
    expect(hasGap([])).toBe(false);
    expect(hasGap([log(1), log(2)])).toBe(false);
    expect(hasGap([log(1), log(3)])).toBe(true);
    expect(hasGap([log(2)])).toBe(true);
  });

  it('words node and progress events', () => {
    expect(
      describeJobEvent({ jobId: 'j', seq: 1, at, type: 'node.status', nodeId: 'n', label: 'web', status: 'failed', message: 'port taken' }),
    ).toEqual({
      text: 'web: failed — port taken',
      tone: 'error',
    });
    expect(describeJobEvent({ jobId: 'j', seq: 2, at, type: 'job.progress', done: 2, total: 5 })).toEqual({
      text: '2 of 5 done',
      tone: 'neutral',
    });
  });
});
