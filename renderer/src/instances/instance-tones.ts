import type { TagTone } from '../ui/Tag';
import type { StackInstanceStatus } from './instance-entities';

/** Colours of the runtime status, the same on the list and the instance page. */
export const INSTANCE_STATUS_TONE: Record<StackInstanceStatus, TagTone> = {
  idle: 'neutral',
  running: 'accent',
  failed: 'danger',
};

// States are named by each stack's author, so their colour is guessed from common names; anything
// else stays neutral rather than claiming a meaning it may not have.
const STATE_TONES: readonly [RegExp, TagTone][] = [
  [/^(active|running|healthy|ready|ok|up)$/, 'success'],
  [/(degraded|warning|unhealthy|lost|stopped|paused)/, 'warning'],
  [/(fail|error|broken)/, 'danger'],
  [/ing$/, 'accent'],
];

/** A state's colour: green for the healthy names, amber for degraded ones, red for failures, blue while something runs. */
export function stateTone(state: string): TagTone {
  return STATE_TONES.find(([pattern]) => pattern.test(state))?.[1] ?? 'neutral';
}
