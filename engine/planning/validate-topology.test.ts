import { describe, expect, it } from 'vitest';
import { useTestEngine } from '../test-support/test-engine.js';

const fixture = useTestEngine();

const vm = {
  name: 'typed-vm',
  provider: 'local',
  semanticType: 'VirtualMachine',
  content: {
    description: 'A machine',
    code: 'export const ip = "x";\n',
    inputSchema: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        cores: { type: 'integer', minimum: 1, maximum: 64 },
        tags: { type: 'object', properties: { team: { type: 'string', pattern: '^[a-z]+$' } } },
        ip: { type: 'string' },
      },
      required: ['name'],
    },
    outputSchema: { type: 'object', properties: { ip: { type: 'string' } } },
    resolverBindings: {},
  },
};

async function setUp() {
  const engine = fixture.engine();
  for (const [method, input] of [
    ['createComponent', vm],
    ['publishComponent', { name: 'typed-vm', changelog: 'First' }],
  ] as const) {
    const outcome = await engine.dispatcher.dispatch(method, input);
    if (!outcome.ok) throw new Error(outcome.error.message);
  }
  return engine;
}

const file = `kind: Topology
version: 1
name: typed
nodes:
  - id: a
    label: web
    component: typed-vm@1
    position: { x: 0, y: 0 }
    params:
      name: web
      cores: "four"
      tags:
        team: Web Team
  - id: b
    label: db
    component: typed-vm@1
    position: { x: 300, y: 0 }
    params:
      cores: 2
      ip: 10.0.0.9
wires:
  - id: w1
    source: { node: a, port: nope }
    target: { node: b, port: ip }
`;

describe('validating a topology file', () => {
  it('checks values given by hand against the contract, as planning would', async () => {
    const engine = await setUp();
    const outcome = await engine.dispatcher.dispatch('validateTopologyFile', { text: file, source: 'typed.yaml' });
    expect(outcome.ok).toBe(true);
    const result = outcome.ok
      ? (outcome.result as { valid: boolean; issues: { node?: string; path: string; message: string; line?: number }[] })
      : null;
    expect(result?.valid).toBe(false);
    expect(result?.issues).toEqual(
      expect.arrayContaining([
        { node: 'web', path: 'nodes[0].params.cores', message: 'must be integer (typed-vm@1)', line: 11 },
        { node: 'web', path: 'nodes[0].params.tags.team', message: 'must match pattern "^[a-z]+$" (typed-vm@1)', line: 13 },
        { node: 'db', path: 'wires[0]', message: 'typed-vm@1 has no output "nope"', line: 22 },
        { node: 'db', path: 'nodes[1].params.name', message: 'missing required parameter name of typed-vm@1', line: 19 },
        { node: 'db', path: 'nodes[1].params.ip', message: 'ip is both set by hand and wired', line: 20 },
      ]),
    );
  });

  it('passes a file whose values fit the contract', async () => {
    const engine = await setUp();
    const good = file
      .replace('"four"', '4')
      .replace('Web Team', 'web')
      .replace('      cores: 2\n      ip: 10.0.0.9', '      name: db')
      .replace(/wires:\n[\s\S]*$/, 'wires: []\n');
    const outcome = await engine.dispatcher.dispatch('validateTopologyFile', { text: good, source: 'typed.yaml' });
    expect(outcome.ok && outcome.result).toMatchObject({ valid: true, issues: [] });
  });
});
