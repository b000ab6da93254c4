import type { JobEvent } from '../../../engine/api/contract';

const WAITING = 'Waiting for confirmation: ';

/**
 * The question an operation's job is waiting on, or null. The engine logs "Waiting for confirmation: …"
 * when a confirm step pauses and "Confirmed" when it goes on; the job stops waiting when it finishes too.
 */
export function pendingConfirmation(events: readonly JobEvent[]): string | null {
  for (let index = events.length - 1; index >= 0; index -= 1) {
    const event = events[index];
    if (!event) continue;
    if (event.type === 'job.finished') return null;
    if (event.type !== 'job.log') continue;
    if (event.message === 'Confirmed') return null;
    if (event.message.startsWith(WAITING)) return event.message.slice(WAITING.length);
  }
  return null;
}

/**
 * Whether a job (a record, or its `job.started` event) runs a workflow of this instance. The engine
 * names them `<operation> on <instance>` (kind `stack.operation`) and `<Workflow> stack <instance>`
 * (kind `stack.<workflow>`). The instance's `activity.jobId` should say which job it is, but the
 * engine leaves it null for now (it records the id before the activity is persisted, which then
 * overwrites it), and a quick operation can end before a poll sees it, so jobs are recognised by name. Names are unique within an environment only; the instance's own
 * `activity.jobId` wins whenever it is known.
 */
export function isJobOfInstance(job: { kind: string; title: string }, instanceName: string, operations: readonly string[]): boolean {
  if (!job.kind.startsWith('stack.')) return false;
  if (job.kind === 'stack.operation') return operations.some((operation) => job.title === `${operation} on ${instanceName}`);
  return job.title.endsWith(` stack ${instanceName}`) && job.title.split(' ').length === 3;
}
