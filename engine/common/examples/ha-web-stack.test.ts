import { describe, expect, it } from 'vitest';
import { haWebStackDocument } from './ha-web-stack.js';

describe('the HA web example', () => {
  it('is a fresh copy every time, so one caller’s edit never reaches another', () => {
    const first = haWebStackDocument();
    (first.slots[0] as { name: string }).name = 'changed';
    first.stateMachine.states.pop();
    const second = haWebStackDocument();
    expect(second.slots[0]!.name).toBe('net');
    expect(second.stateMachine.states).toHaveLength(8);
  });

  it('routes a stopped web machine by the event’s slot, which the routing scope names event.slot', () => {
    expect(haWebStackDocument().routing[1]).toEqual({
      event: 'local.vm.stopped',
      filter: "event.slot == 'web1' || event.slot == 'web2'",
      trigger: 'object.lost',
    });
  });
});
