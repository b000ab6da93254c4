import type { JobEvent } from '../../../engine/api/contract';

/**
 * The question an operation's job is waiting on, or null. The engine marks the log line where a confirm
 * step pauses (`confirmation.state: 'waiting'`) and the one where it goes on (`'confirmed'`); the job
 * stops waiting when it finishes too. The wording of the lines is for people and is not read here.
 */
export function pendingConfirmation(events: readonly JobEvent[]): string | null {
  for (let index = events.length - 1; index >= 0; index -= 1) {
    const event = events[index];
    if (!event) continue;
    if (event.type === 'job.finished') return null;
    if (event.type !== 'job.log' || !event.confirmation) continue;
    return event.confirmation.state === 'waiting' ? event.confirmation.question : null;
  }
  return null;
}
