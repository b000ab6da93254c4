import { describe, expect, it } from 'vitest';
import { type DependencyCycleError, planGroups } from './plan-groups.js';

describe('planGroups', () => {
  it('puts every node in the first wave after its dependencies', () => {
    const groups = planGroups(
      ['net', 'subnet', 'vm', 'disk', 'dns'],
      [
        { from: 'net', to: 'subnet' },
        { from: 'subnet', to: 'vm' },
        { from: 'disk', to: 'vm' },
        { from: 'vm', to: 'dns' },
      ],
    );
    expect(groups).toEqual([['net', 'disk'], ['subnet'], ['vm'], ['dns']]);
  });

  it('handles empty input, independent nodes and duplicate edges', () => {
    expect(planGroups([], [])).toEqual([]);
    expect(planGroups(['a', 'b'], [])).toEqual([['a', 'b']]);
    expect(
      planGroups(
        ['a', 'b'],
        [
          { from: 'a', to: 'b' },
          { from: 'a', to: 'b' },
        ],
      ),
    ).toEqual([['a'], ['b']]);
  });

  it('names the nodes of a cycle', () => {
    const attempt = () =>
      planGroups(
        ['a', 'b', 'c', 'd'],
        [
          { from: 'a', to: 'b' },
          { from: 'b', to: 'c' },
          { from: 'c', to: 'd' },
          { from: 'd', to: 'b' },
        ],
      );
    expect(attempt).toThrow('The topology has a dependency cycle: b → c → d → b');
    try {
      attempt();
    } catch (error) {
      expect((error as DependencyCycleError).cycle).toEqual(['b', 'c', 'd']);
    }
    expect(() => planGroups(['a'], [{ from: 'a', to: 'a' }])).toThrow('a → a');
    // A node that only hangs off the cycle is not part of it.
    expect(() =>
      planGroups(
        ['tail', 'x', 'y'],
        [
          { from: 'y', to: 'tail' },
          { from: 'x', to: 'y' },
          { from: 'y', to: 'x' },
        ],
      ),
    ).toThrow('cycle: x → y → x');
  });

  it('refuses dependencies on unknown nodes', () => {
    expect(() => planGroups(['a'], [{ from: 'a', to: 'ghost' }])).toThrow(/unknown node "ghost"/);
  });

  it('plans a generated 2,000-node chain and fan-out without recursion limits', () => {
    const nodes = Array.from({ length: 2000 }, (_, i) => `n${i}`);
    const chain = nodes.slice(1).map((node, i) => ({ from: nodes[i]!, to: node }));
    expect(planGroups(nodes, chain)).toHaveLength(2000);
    const fan = nodes.slice(1).map((node) => ({ from: 'n0', to: node }));
    expect(planGroups(nodes, fan).map((g) => g.length)).toEqual([1, 1999]);
  });
});
