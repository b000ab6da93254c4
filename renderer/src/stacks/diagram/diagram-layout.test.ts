import { describe, expect, it } from 'vitest';
import type { StateMachineDocument } from '../../../../engine/api/schemas/stacks';
import { COLUMN_GAP, diagramBounds, layoutStates, ROW_GAP, stateAt, STATE_HEIGHT, STATE_WIDTH } from './diagram-layout';

describe('diagram layout', () => {
  it('ranks states by distance from the initial one, unreachable ones last', () => {
    const machine: StateMachineDocument = {
      states: [{ name: 'b' }, { name: 'a', initial: true }, { name: 'c' }, { name: 'lost' }],
      transitions: [
        { from: 'a', to: 'b', trigger: 'go' },
        { from: 'a', to: 'c', trigger: 'other' },
      ],
    };
    const layout = layoutStates(machine);
    expect(layout.get('a')).toEqual({ x: 0, y: 0 });
    expect(layout.get('b')).toEqual({ x: COLUMN_GAP, y: 0 });
    expect(layout.get('c')).toEqual({ x: COLUMN_GAP, y: ROW_GAP });
    expect(layout.get('lost')).toEqual({ x: 2 * COLUMN_GAP, y: 0 });
  });

  it('keeps stored positions and never places a state on one', () => {
    const machine: StateMachineDocument = {
      states: [{ name: 'a', initial: true }, { name: 'b', position: { x: COLUMN_GAP, y: 0 } }, { name: 'c' }],
      transitions: [{ from: 'a', to: 'c', trigger: 'go' }],
    };
    const layout = layoutStates(machine);
    expect(layout.get('b')).toEqual({ x: COLUMN_GAP, y: 0 });
    expect(layout.get('c')).toEqual({ x: COLUMN_GAP, y: ROW_GAP });
  });

  it('finds the state under a point and the bounds around all of them', () => {
    const positions = new Map([
      ['a', { x: 0, y: 0 }],
      ['b', { x: 300, y: 100 }],
    ]);
    expect(stateAt(positions, { x: 310, y: 110 })).toBe('b');
    expect(stateAt(positions, { x: 200, y: 10 })).toBeNull();
    expect(diagramBounds(positions.values(), 10)).toEqual({
      x: -10,
      y: -10,
      width: 300 + STATE_WIDTH + 20 > 400 ? 300 + STATE_WIDTH + 20 : 400,
      height: Math.max(240, 100 + STATE_HEIGHT + 20),
    });
  });
});
