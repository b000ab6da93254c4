import { describe, expect, it } from 'vitest';
import type { StackSlot } from '../../../../engine/api/schemas/stacks';
import { haWebStackDocument } from '../../../../engine/common/examples/ha-web-stack';
import { planSlots, slotsReadBy, waveOfSlot } from './slot-order';

describe('slot plan order', () => {
  it('finds the slots an expression reads, ignoring strings', () => {
    expect(slotsReadBy("concat(slots.a.x, 'slots.b.y', lower(slots.c_1.z))")).toEqual(['a', 'c_1']);
    expect(slotsReadBy('params.slots')).toEqual([]);
  });

  it('sorts the HA web stack into waves: network, machines, DNS', () => {
    const plan = planSlots(haWebStackDocument().slots);
    expect(plan.waves).toEqual([['net'], ['web1', 'web2'], ['dns']]);
    expect(plan.cycle).toEqual([]);
  });

  it('counts dependsOn and lists slots in a cycle apart', () => {
    const slots: StackSlot[] = [
      { name: 'a', component: 'x@1', inputs: { v: 'slots.b.out' } },
      { name: 'b', component: 'x@1', inputs: {}, dependsOn: ['a'] },
      { name: 'c', component: 'x@1', inputs: {}, dependsOn: ['missing'] },
    ];
    const plan = planSlots(slots);
    expect(plan.waves).toEqual([['c']]);
    expect(plan.cycle).toEqual(['a', 'b']);
    expect(waveOfSlot(plan).get('a')).toBe(0);
    expect(waveOfSlot(plan).get('c')).toBe(1);
  });
});
