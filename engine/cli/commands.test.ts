import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useLeakCheck } from '../test-support/leak-check.js';
import { tempDir } from '../test-support/temp-dir.js';
import { createTestEngine } from '../test-support/test-engine.js';
import { captureCli } from './capture-cli.js';

useLeakCheck();
let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir();
});
afterEach(() => temp.remove());

const cli = (...args: string[]) => captureCli([...args, '--data', temp.dir]);

const webComponent = {
  name: 'cli-web',
  provider: 'local',
  semanticType: 'Container',
  content: {
    description: 'Web container',
    code: 'export const url = "x";\n',
    inputSchema: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        ip: { type: 'string', format: 'ipv4' },
        port: { type: 'integer', default: 80, maximum: 65535 },
      },
      required: ['name', 'ip'],
    },
    outputSchema: { type: 'object', properties: { url: { type: 'string' } } },
    resolverBindings: { name: { resolver: 'naming' }, ip: { resolver: 'ipam' } },
  },
};

const topology = (extra = '') => `kind: Topology
version: 1
name: CLI test
nodes:
  - id: a
    label: web-a
    component: cli-web@1
    position: { x: 0, y: 0 }
  - id: b
    label: web-b
    component: cli-web@1
    position: { x: 300, y: 0 }
    params: { port: 8080 }${extra}
wires: []
`;

describe('nimbus CLI commands', () => {
  it('sets up a local sandbox once and finds it again', async () => {
    const first = await cli('sandbox');
    expect(first.code).toBe(0);
    expect(first.out).toContain('Environment sandbox (created)');
    expect(first.out).toContain('IPAM pool sandbox-pool 10.100.0.0/16 (created)');
    const again = await cli('sandbox', '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({
      environment: { name: 'sandbox' },
      created: { pool: false, landingZone: false, environment: false },
    });
    const bad = await cli('sandbox', '--name', 'Not Valid');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('name');
  });

  it('sets up a landing zone, an environment and a pool, allocates, and plans a topology', async () => {
    const made = await createTestEngine({ dataDir: temp.dir });
    const created = await made.engine.dispatcher.dispatch('createComponent', webComponent);
    expect(created.ok).toBe(true);
    await made.dispose();

    expect((await cli('component', 'publish', 'cli-web', '--changelog', 'First')).out).toBe('Published cli-web@1\n');
    expect((await cli('component', 'versions', 'cli-web')).out).toMatch(/1\s+\S+\s+local-user\s+First/);
    expect((await cli('ipam', 'pool', 'create', 'lab', '--cidr', '10.70.0.0/24')).out).toContain(
      'Created pool lab 10.70.0.0/24 (gateway 10.70.0.1)',
    );
    expect((await cli('landing-zone', 'create', 'lab', '--provider', 'local', '--ipam-pool', 'lab', '--domain', 'lab.example')).code).toBe(
      0,
    );
    expect((await cli('env', 'create', 'dev', '--landing-zone', 'lab')).out).toContain('Created environment dev in lab');
    expect((await cli('ipam', 'allocate', '--pool', 'lab', '--owner', 'manual')).out).toBe('10.70.0.2\n');
    // Broadcast, network and gateway addresses are refused by hand too.
    expect(await cli('ipam', 'allocate', '--pool', 'lab', '--owner', 'manual', '--value', '10.70.0.255')).toMatchObject({
      code: 1,
      err: expect.stringContaining('10.70.0.255 is the broadcast address of pool lab'),
    });

    const file = path.join(temp.dir, 'topology.yaml');
    writeFileSync(file, topology());
    expect(await cli('validate', file)).toMatchObject({ code: 0, out: `${file}: valid\n` });
    const plan = await cli('plan', file, '--env', 'dev');
    expect(plan.code).toBe(0);
    expect(plan.out).toContain('Wave 1: web-a, web-b');
    expect(plan.out).toContain('ip = "10.70.0.3"  [resolver: ipam: next free in pool lab]');
    expect(plan.out).toContain('ip = "10.70.0.4"');
    expect(plan.out).toContain('port = 8080  [user]');
    expect(plan.out).toContain('port = 80  [default]');

    const json = JSON.parse((await cli('plan', file, '--env', 'dev', '--json')).out) as { groups: string[][]; valid: boolean };
    expect(json).toMatchObject({ groups: [['a', 'b']], valid: true });
    const allocations = JSON.parse((await cli('ipam', 'list', '--pool', 'lab', '--json')).out) as { value: string }[];
    expect(allocations.map((a) => a.value)).toEqual(['10.70.0.2']);
  });

  it('reports problems with exit code 1 and usage mistakes with exit code 2', async () => {
    const file = path.join(temp.dir, 'broken.yaml');
    writeFileSync(
      file,
      topology('\n    dependsOn: [a]').replace('    position: { x: 0, y: 0 }', '    position: { x: 0, y: 0 }\n    dependsOn: [b]'),
    );
    const validated = await cli('validate', file);
    expect(validated.code).toBe(1);
    expect(validated.out).toContain('dependency cycle: web-a → web-b → web-a');
    expect(validated.out).toContain('Component "cli-web" does not exist');
    expect((await cli('validate', path.join(temp.dir, 'missing.yaml'))).err).toMatch(/Cannot read .*missing\.yaml: ENOENT/);
    expect(await cli('ipam', 'allocate', '--pool', 'nope', '--owner', 'x')).toMatchObject({
      code: 1,
      err: expect.stringContaining('IPAM pool "nope" does not exist'),
    });
    expect(await cli('ipam', 'pool', 'create', 'bad', '--cidr', '10.0.0.1/24')).toMatchObject({
      code: 1,
      err: expect.stringContaining('host bits are set; the network is 10.0.0.0/24'),
    });
    expect(await cli('ipam', 'allocate', '--pool', 'x')).toMatchObject({ code: 2, err: expect.stringContaining('--owner is required') });
    expect(await cli('catalog', 'list', '--cidr', 'x')).toMatchObject({
      code: 2,
      err: expect.stringContaining('catalog list does not take --cidr'),
    });
    expect(await cli('plan', file)).toMatchObject({ code: 2, err: expect.stringContaining('--env is required') });
  });
});

describe('nimbus api token', () => {
  it('prints the token the HTTP API of the same data directory accepts, the same every time', async () => {
    const first = await cli('api', 'token');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^nmb_o_[A-Za-z0-9_-]{43}\n$/);
    expect((await cli('api', 'token', '--json')).out).toBe(`${JSON.stringify({ token: first.out.trim() }, null, 2)}\n`);
    const made = await createTestEngine({ dataDir: temp.dir });
    try {
      expect(made.engine.ownerToken()).toBe(first.out.trim());
    } finally {
      await made.dispose();
    }
  });
});

describe('nimbus audit', () => {
  it('lists changes newest first with filters, and exports them all as JSON lines', async () => {
    const made = await createTestEngine({ dataDir: temp.dir });
    try {
      for (const name of ['one', 'two', 'three']) await made.engine.dispatcher.dispatch('createTopology', { name });
    } finally {
      await made.dispose();
    }
    const listed = await cli('audit', 'list', '--entity', 'topology');
    expect(listed.code).toBe(0);
    expect(listed.out.split('\n')[0]).toMatch(/^TIME\s+ACTOR\s+ACTION\s+ENTITY\s+ID\s+REQUEST/);
    expect(listed.out.match(/topology\.create/g)).toHaveLength(3);
    const limited = JSON.parse((await cli('audit', 'list', '--limit', '1', '--json')).out) as { newValue: { name: string } }[];
    expect(limited.map((entry) => entry.newValue.name)).toEqual(['three']);
    expect((await cli('audit', 'list', '--actor', 'nobody-at-all')).out).toBe('No audit entries match.\n');
    expect(await cli('audit', 'list', '--since', 'last tuesday')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--since must be a date'),
    });

    const file = path.join(temp.dir, 'audit.jsonl');
    expect((await cli('audit', 'export', '--entity', 'topology', '--out', file)).code).toBe(0);
    const lines = readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { newValue: { name: string }; requestId: string });
    expect(lines.map((entry) => entry.newValue.name)).toEqual(['one', 'two', 'three']);
    expect(lines.every((entry) => typeof entry.requestId === 'string')).toBe(true);
  });
});
