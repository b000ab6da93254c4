import { describe, expect, it } from 'vitest';
import { eventTypeProblem, outcomeOf, parsePayload } from './event-entry';
import type { EventLogEntry } from './instance-entities';

const at = '2026-01-01T00:00:00Z';

describe('event log', () => {
  const entry = (outcomes: EventLogEntry['outcomes']): EventLogEntry => ({
    id: 1,
    type: 'local.vm.removed',
    source: 'poller',
    instanceId: 'i1',
    payload: {},
    at,
    outcomes,
  });
  it("shows this instance's outcome: the transition taken or why none was", () => {
    expect(
      outcomeOf(
        entry([
          { instanceId: 'i1', trigger: 'object.lost', from: 'active', to: 'degraded', note: 'rule 1 (local.*.removed): active → degraded' },
        ]),
        'i1',
      ),
    ).toEqual({
      transition: 'active → degraded',
      note: 'rule 1 (local.*.removed): active → degraded',
    });
    expect(
      outcomeOf(
        entry([
          { instanceId: 'i1', trigger: 'object.lost', from: 'degraded', to: null, note: 'not taken' },
          { instanceId: 'i2', trigger: null, from: null, to: null, note: 'other' },
        ]),
        'i1',
      ),
    ).toEqual({
      transition: null,
      note: 'not taken',
    });
    expect(outcomeOf(entry([]), 'i1').transition).toBeNull();
  });

  it('checks a manual event before sending it', () => {
    expect(eventTypeProblem('local.vm.removed')).toBeNull();
    expect(eventTypeProblem('')).not.toBeNull();
    expect(eventTypeProblem('Local.VM')).not.toBeNull();
    expect(parsePayload('')).toEqual({ payload: {} });
    expect(parsePayload('{"slot":"web2"}')).toEqual({ payload: { slot: 'web2' } });
    expect(parsePayload('[1]')).toHaveProperty('error');
    expect(parsePayload('{oops')).toHaveProperty('error');
  });
});
