import { describe, expect, it } from 'vitest';
import type { StateMachineDocument } from '../../../../engine/api/schemas/stacks';
import { DENSE_MACHINE, HA_WEB_MACHINE } from './__fixtures__/machines';
import { layoutEdges } from './diagram-edges';
import { layoutStates, STATE_HEIGHT, STATE_WIDTH } from './diagram-layout';
import { labelBox, labelSize, STATE_BADGE_ROOM, type Box } from './label-placement';

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Each label that covers a state (its box or the badge room above it), as "trigger over state". */
function labelsOverStates(machine: StateMachineDocument): string[] {
  const positions = layoutStates(machine);
  const found: string[] = [];
  for (const edge of layoutEdges(machine.transitions, positions)) {
    const box = labelBox(edge.labelAt, labelSize(edge.transition));
    for (const [name, at] of positions) {
      if (overlaps(box, { x: at.x, y: at.y - STATE_BADGE_ROOM, width: STATE_WIDTH, height: STATE_HEIGHT + STATE_BADGE_ROOM }))
        found.push(`${edge.transition.from} ${edge.transition.trigger} over ${name}`);
    }
  }
  return found;
}

describe('transition labels on whole machines', () => {
  it('covers no state of the HA web example', () => {
    expect(labelsOverStates(HA_WEB_MACHINE)).toEqual([]);
  });

  it('covers no state of a denser machine placed automatically, loops included', () => {
    expect(DENSE_MACHINE.transitions.length).toBeGreaterThan(20);
    expect(labelsOverStates(DENSE_MACHINE)).toEqual([]);
  });

  it('keeps every label near its own line', () => {
    const positions = layoutStates(DENSE_MACHINE);
    for (const edge of layoutEdges(DENSE_MACHINE.transitions, positions)) {
      const nearest = Math.min(
        ...Array.from({ length: 41 }, (_, step) => edge.shape.along(step / 40)).map((point) =>
          Math.hypot(point.x - edge.labelAt.x, point.y - edge.labelAt.y),
        ),
      );
      expect(nearest).toBeLessThan(120);
    }
  });
});
