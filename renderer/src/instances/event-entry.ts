import { TRIGGER_NAME_MAX_LENGTH, TRIGGER_NAME_PATTERN } from '../../../engine/common/identifiers';
import type { EventLogEntry } from './instance-entities';

/** What an event did to one instance, for its row in the event log. */
export interface InstanceOutcome {
  /** `active → degraded` when a transition was taken. */
  transition: string | null;
  /** The engine's note: the rule and transition, or why nothing happened. */
  note: string;
}

/**
 * The outcome of an event for this instance. An event addressed to no one may concern several
 * instances; only this one's outcome is shown, and an event that touched none says so.
 */
export function outcomeOf(entry: EventLogEntry, instanceId: string): InstanceOutcome {
  const mine = entry.outcomes.filter((outcome) => outcome.instanceId === instanceId);
  if (mine.length === 0) return { transition: null, note: 'no routing rule applied to this instance' };
  const taken = mine.find((outcome) => outcome.to !== null);
  return {
    transition: taken ? `${taken.from ?? '—'} → ${taken.to}` : null,
    note: mine.map((outcome) => outcome.note).join('; '),
  };
}

/** Why an event type would be refused, or null. */
export function eventTypeProblem(type: string): string | null {
  if (type.trim() === '') return 'Enter an event type, e.g. local.vm.removed.';
  if (type.length > TRIGGER_NAME_MAX_LENGTH) return `At most ${TRIGGER_NAME_MAX_LENGTH} characters.`;
  return TRIGGER_NAME_PATTERN.test(type) ? null : 'Use lowercase words separated by dots, e.g. local.vm.removed.';
}

/** A manual event's payload from its text: empty means {}, anything else must be a JSON object. */
export function parsePayload(text: string): { payload: Record<string, unknown> } | { error: string } {
  if (text.trim() === '') return { payload: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `The payload is not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { error: 'The payload must be a JSON object, e.g. {"slot": "web2"}.' };
  return { payload: value as Record<string, unknown> };
}
