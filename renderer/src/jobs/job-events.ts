import type { JobEvent, JobStatus } from '../../../engine/api/contract';

/** Adds events to a list kept in `seq` order without duplicates (live pushes and catch-up overlap). */
export function mergeJobEvents(existing: readonly JobEvent[], incoming: readonly JobEvent[]): JobEvent[] {
  const bySeq = new Map<number, JobEvent>();
  for (const event of existing) bySeq.set(event.seq, event);
  for (const event of incoming) bySeq.set(event.seq, event);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * Whether events are missing from a list kept by `mergeJobEvents`: `seq` counts from 1 per job, so a
 * complete list holds exactly 1…n. A gap means pushes were lost (a reconnect, a late subscription).
 */
export function hasGap(events: readonly JobEvent[]): boolean {
  const last = events.at(-1);
  return last !== undefined && last.seq !== events.length;
}

export function jobStatusOf(events: readonly JobEvent[]): JobStatus {
  for (let index = events.length - 1; index >= 0; index -= 1) {
    const event = events[index];
    if (event?.type === 'job.finished') return event.status;
  }
  return 'running';
}

export type EventTone = 'neutral' | 'success' | 'warning' | 'error';

const NODE_STATUS_TONE: Partial<Record<string, EventTone>> = {
  succeeded: 'success',
  unchanged: 'success',
  failed: 'error',
  skipped: 'warning',
  cancelled: 'warning',
  'rolling-back': 'warning',
};

/** One line of text per event, worded for people reading a progress log. */
export function describeJobEvent(event: JobEvent): { text: string; tone: EventTone } {
  switch (event.type) {
    case 'job.started':
      return { text: `Started: ${event.title}`, tone: 'neutral' };
    case 'job.step':
      return {
        text: `${event.step} — ${event.status}`,
        tone: event.status === 'failed' ? 'error' : event.status === 'finished' ? 'success' : 'neutral',
      };
    case 'job.progress':
      return { text: `${event.done} of ${event.total} done`, tone: 'neutral' };
    case 'node.status':
      return {
        text: `${event.label}: ${event.status}${event.message ? ` — ${event.message}` : ''}`,
        tone: NODE_STATUS_TONE[event.status] ?? 'neutral',
      };
    case 'resource.started':
      return { text: `${event.operation} ${event.resourceType}…`, tone: 'neutral' };
    case 'resource.finished':
      return { text: `${event.operation} ${event.resourceType}: ${event.status}`, tone: event.status === 'failed' ? 'error' : 'success' };
    case 'job.log':
      return { text: event.message, tone: event.level === 'error' ? 'error' : event.level === 'warn' ? 'warning' : 'neutral' };
    case 'job.finished': {
      const suffix = event.error ? ` — ${event.error.message}` : '';
      return {
        text: `Finished: ${event.status}${suffix}`,
        tone: event.status === 'succeeded' ? 'success' : event.status === 'cancelled' ? 'warning' : 'error',
      };
    }
  }
}
