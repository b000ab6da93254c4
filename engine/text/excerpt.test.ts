import { describe, expect, it } from 'vitest';
import { useTestEngine } from '../test-support/test-engine.js';
import { excerpt } from './excerpt.js';

const fixture = useTestEngine();

describe('excerpt', () => {
  it('quotes short values whole and long ones as a prefix with their size', () => {
    expect(excerpt('web')).toBe('"web"');
    expect(excerpt(42)).toBe('42');
    expect(excerpt(undefined)).toBe('undefined');
    expect(excerpt('x'.repeat(10_000))).toBe(`"${'x'.repeat(59)}…" (10000 characters)`);
    expect(excerpt({ list: Array(1000).fill(1) })).toMatch(/^\{"list":\[1,1,.{40,}…(?<!")\s\(\d+ characters as JSON\)$/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(excerpt(cyclic)).toBe('{…}');
    expect(excerpt(`${'a'.repeat(58)}😀😀`)).not.toMatch(/[\uD800-\uDBFF]…/);
  });
});

describe('error messages', () => {
  it('quote at most a short prefix of a huge bad value', async () => {
    const engine = fixture.engine();
    const huge = 'q'.repeat(200_000);
    const calls: [string, unknown][] = [
      ['getComponent', { name: huge }],
      ['getStack', { name: huge }],
      [huge, {}],
      [
        'validateTopologyFile',
        {
          text: `kind: Topology\nversion: 1\nname: t\nnodes:\n  - id: a\n    label: a\n    component: ${huge}@1\n    position: { x: 0, y: 0 }\nwires: []\n`,
        },
      ],
      ['validateTopologyFile', { text: `kind: Topology\nversion: 1\nname: t\nnodes: []\nwires: []\nx: ${huge}: [` }],
      ['createLandingZone', { name: 'lz', provider: huge, resolverConfig: {} }],
      ['createIpamPool', { name: 'p', cidr: huge }],
      ['createLandingZone', { name: 'lz2', provider: 'local', resolverConfig: { naming: { pattern: huge } } }],
    ];
    for (const [method, input] of calls) {
      const outcome = await engine.dispatcher.dispatch(method, input);
      const text = outcome.ok ? JSON.stringify(outcome.result) : `${outcome.error.message} ${JSON.stringify(outcome.error.details)}`;
      expect(text.length, `${method.slice(0, 30)}: ${text.slice(0, 200)}`).toBeLessThan(2000);
    }
  });
});
