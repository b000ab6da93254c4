import { z } from 'zod';
import type { EventLogEntry } from '../api/schemas/stacks.js';
import { TriggerName } from '../api/schemas/stacks.js';
import { parseOrThrow } from '../api/validate.js';
import { NimbusError } from '../errors.js';
import { assertShallow } from '../files/input-limits.js';
import { evaluateExpression, isTruthy } from '../expressions/expression.js';
import type { StackRuntime } from '../stacks/stack-runtime.js';
import type { StackPort } from '../store/ports/repositories.js';
import { matchesEventType } from './event-glob.js';

/** An event as it enters Nimbus, from any source. */
export const IncomingEventSchema = z
  .object({
    type: TriggerName,
    /** The instance the event is about; absent, every instance's rules see it. */
    instanceId: z.string().min(1).max(100).optional(),
    payload: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
export type IncomingEvent = z.input<typeof IncomingEventSchema>;
export type EventSource = EventLogEntry['source'];

const MAX_PAYLOAD_BYTES = 64 * 1024;

/**
 * The one way events reach state machines: each event is matched against the routing rules of the
 * stacks of the instances it may concern (glob on the type, then the rule's filter); a matching rule
 * sends its trigger. Every event is appended to the event log with what it did to each instance, or
 * why it did nothing.
 */
export class EventRouter {
  private readonly listeners = new Set<(entry: EventLogEntry) => void>();

  constructor(
    private readonly repository: Pick<StackPort, 'appendEvent' | 'events'>,
    private readonly runtime: StackRuntime,
  ) {}

  /**
   * Routes an event to the instances whose rules match (each transition starts at once, in order),
   * then logs it with what each instance did; resolves with the logged entry.
   */
  async route(source: EventSource, input: unknown): Promise<EventLogEntry> {
    assertShallow(input, 'event');
    const event = parseOrThrow(IncomingEventSchema, input, 'event');
    const size = Buffer.byteLength(JSON.stringify(event.payload));
    if (size > MAX_PAYLOAD_BYTES)
      throw new NimbusError('event_too_large', `The event payload is ${size} bytes; the limit is ${MAX_PAYLOAD_BYTES}`, { size });
    const outcomes: EventLogEntry['outcomes'] = [];
    const at = new Date().toISOString();
    const candidates = (await this.runtime.instances()).filter(({ instance }) => !event.instanceId || instance.id === event.instanceId);
    if (event.instanceId && candidates.length === 0)
      outcomes.push({ instanceId: event.instanceId, trigger: null, from: null, to: null, note: 'no such stack instance' });
    for (const { instance, document } of candidates) {
      // Payload fields are readable as event.<field> too, but the real type, source and instance come
      // last: a payload cannot pretend to be another kind of event, another source or another instance.
      const scope = {
        event: { ...event.payload, payload: event.payload, type: event.type, source, instanceId: event.instanceId ?? null },
        instance: {
          id: instance.id,
          name: instance.name,
          state: instance.state,
          environment: instance.environment,
          params: instance.params,
          outputs: instance.outputs,
        },
      };
      const matching = document.routing
        .map((rule, index) => ({ rule, index }))
        .filter(({ rule }) => matchesEventType(rule.event, event.type));
      if (matching.length === 0) {
        // Said only for events addressed to this instance: the others simply do not concern it.
        if (event.instanceId)
          outcomes.push({
            instanceId: instance.id,
            trigger: null,
            from: instance.state,
            to: null,
            note: `no routing rule of ${instance.stack}@${instance.version} matches ${event.type}`,
          });
        continue;
      }
      let routed = false;
      const skipped: string[] = [];
      for (const { rule, index } of matching) {
        let passes = true;
        if (rule.filter) {
          try {
            passes = isTruthy(evaluateExpression(rule.filter, scope));
          } catch (error) {
            skipped.push(`rule ${index + 1}: filter failed: ${(error as Error).message}`);
            continue;
          }
        }
        if (!passes) {
          skipped.push(`rule ${index + 1}: filter is false`);
          continue;
        }
        const outcome = await this.runtime.send(
          instance.id,
          { type: rule.trigger, payload: event.payload },
          `event ${event.type} (${source}) via routing rule ${index + 1}`,
        );
        outcomes.push({
          instanceId: instance.id,
          trigger: rule.trigger,
          from: outcome.from,
          to: outcome.to,
          note: `rule ${index + 1} (${rule.event}): ${outcome.note}`,
        });
        routed = true;
        if (outcome.to !== null) break;
      }
      if (!routed && (event.instanceId || skipped.length > 0))
        outcomes.push({ instanceId: instance.id, trigger: null, from: instance.state, to: null, note: skipped.join('; ') });
    }
    const logged = { type: event.type, source, instanceId: event.instanceId ?? null, payload: event.payload, outcomes, at };
    const entry: EventLogEntry = { id: await this.repository.appendEvent(logged), ...logged };
    for (const listener of this.listeners) listener(entry);
    return entry;
  }

  list(filter: { instanceId?: string; limit?: number } = {}): Promise<EventLogEntry[]> {
    return this.repository.events(filter);
  }

  /** Called with every logged event (the UI's live event log). */
  subscribe(listener: (entry: EventLogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
