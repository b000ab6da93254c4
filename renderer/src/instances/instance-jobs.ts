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
