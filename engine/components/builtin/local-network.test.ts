import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/temp-dir.js';
import { loadComponentManifest } from '../component-manifest.js';
import { compileValidator } from '../json-schema.js';
import { runWithMocks, type MockRun } from '../testing/run-with-mocks.js';
import { componentDir, dynamicResource } from './local/dynamic-provider.js';

interface NetworkInputs {
  localRoot: string;
  name: string;
  cidr: string;
  mtu: number;
}
interface NetworkState extends NetworkInputs {
  network_id: string;
  gateway: string;
  path: string;
}

const dir = componentDir('local-network');
const localRoot = '/srv/nimbus/local/dev';
let run: MockRun;
let network: ReturnType<typeof dynamicResource<NetworkInputs, NetworkState>>;

// One program run per file (the Pulumi runtime is process-global); its serialized provider is then
// exercised for real against a temporary local root.
beforeAll(async () => {
  run = await runWithMocks(loadComponentManifest(dir).programFile, {
    project: 'local-network',
    config: { localRoot, name: 'lab', cidr: '10.20.0.0/24', mtu: 1500 },
    state: () => ({ network_id: 'net-lab', gateway: '10.20.0.1', path: `${localRoot}/networks/lab` }),
  });
  network = dynamicResource<NetworkInputs, NetworkState>(run);
});

describe('local-network manifest', () => {
  it('loads and checks, with the bindings the resolvers fill', () => {
    const manifest = loadComponentManifest(dir);
    expect(manifest).toMatchObject({
      name: 'local-network',
      provider: 'local',
      semanticType: 'VirtualNetwork',
      version: 1,
      changelog: 'Initial version',
    });
    expect(manifest.resolverBindings).toEqual({ name: { resolver: 'naming' }, cidr: { resolver: 'ipam', allocate: 'subnet', prefix: 24 } });
    expect(readFileSync(path.join(dir, 'Pulumi.yaml'), 'utf8')).toMatch(/^name: local-network\nruntime: nodejs\n/);
  });

  it('accepts a resolved network and refuses what the provider would refuse', () => {
    const validate = compileValidator(loadComponentManifest(dir).inputSchema);
    expect(validate({ name: 'lab', cidr: '10.20.0.0/24', mtu: 1500 })).toEqual([]);
    expect(validate({ name: '../lab', cidr: '10.20.0.0/24' }).map((issue) => issue.path)).toContain('/name');
    expect(validate({ name: 'lab', cidr: '10.20.0.0/33' }).map((issue) => issue.path)).toContain('/cidr');
    expect(validate({ name: 'lab', cidr: '10.20.0.0/24', mtu: 100 }).map((issue) => issue.path)).toContain('/mtu');
    expect(validate({ name: 'lab', cidr: '10.20.0.0/24', localRoot: '/tmp' }).map((issue) => issue.message)).toContain(
      'must NOT have additional properties',
    );
  });
});

describe('local-network program', () => {
  it('declares one network resource from the stack config', () => {
    expect(network.type).toBe('pulumi-nodejs:dynamic/nimbus-local:Network');
    expect(network.name).toBe('network');
    expect(network.inputs).toEqual({ localRoot, name: 'lab', cidr: '10.20.0.0/24', mtu: 1500 });
  });

  it('exports every output of the contract under its name', () => {
    expect(run.outputs).toEqual({ network_id: 'net-lab', cidr: '10.20.0.0/24', gateway: '10.20.0.1', path: `${localRoot}/networks/lab` });
    const outputSchema = loadComponentManifest(dir).outputSchema;
    expect(Object.keys(run.outputs).sort()).toEqual(Object.keys(outputSchema.properties as object).sort());
    expect(compileValidator(outputSchema)(run.outputs)).toEqual([]);
  });
});

describe('local-network provider, on real files', () => {
  let temp: ReturnType<typeof tempDir>;
  let root: string;
  const inputs = (overrides: Partial<NetworkInputs> = {}): NetworkInputs => ({
    localRoot: root,
    name: 'lab',
    cidr: '10.20.0.0/24',
    mtu: 1500,
    ...overrides,
  });
  const onDisk = (name = 'lab') =>
    JSON.parse(readFileSync(path.join(root, 'networks', name, 'network.json'), 'utf8')) as Record<string, unknown>;

  beforeEach(() => {
    temp = tempDir('nimbus-local-network-');
    root = path.join(temp.dir, 'local', 'dev');
  });
  afterEach(() => temp.remove());

  it('creates networks/<name>/network.json and returns the outputs', async () => {
    const { id, outs } = await network.provider.create(inputs());
    expect(id).toBe('net-lab');
    expect(outs).toEqual({ ...inputs(), network_id: 'net-lab', gateway: '10.20.0.1', path: path.join(root, 'networks', 'lab') });
    expect(onDisk()).toEqual({ network_id: 'net-lab', name: 'lab', cidr: '10.20.0.0/24', gateway: '10.20.0.1', mtu: 1500 });
    expect(statSync(path.join(root, 'networks', 'lab')).isDirectory()).toBe(true);
  });

  it('reads back what is on disk, and sees an edit made behind its back', async () => {
    const { id, outs } = await network.provider.create(inputs());
    expect((await network.provider.read(id, outs)).props).toEqual(outs);

    const file = path.join(root, 'networks', 'lab', 'network.json');
    writeFileSync(file, JSON.stringify({ ...onDisk(), mtu: 9000, gateway: '10.20.0.254' }));
    const drifted = await network.provider.read(id, outs);
    expect(drifted.id).toBe(id);
    expect(drifted.props!).toMatchObject({ mtu: 9000, gateway: '10.20.0.254', cidr: '10.20.0.0/24' });

    // The refreshed state differs from the declared inputs: the next up updates in place and repairs it.
    const diff = await network.provider.diff(id, drifted.props!, inputs());
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    const repaired = await network.provider.update(id, drifted.props!, inputs());
    expect(repaired.outs).toEqual(outs);
    expect(onDisk()).toMatchObject({ mtu: 1500, gateway: '10.20.0.1' });

    writeFileSync(file, 'not json {');
    expect((await network.provider.read(id, outs)).props).toMatchObject({ cidr: '', gateway: '', mtu: 0 });
  });

  it('reports a network removed behind its back as gone', async () => {
    const { id, outs } = await network.provider.create(inputs());
    temp.remove();
    expect(await network.provider.read(id, outs)).toEqual({ id: '' });
  });

  it('changes the MTU in place and replaces the network for a new CIDR or name', async () => {
    const { id, outs } = await network.provider.create(inputs());
    expect(await network.provider.diff(id, outs, inputs())).toMatchObject({ changes: false, replaces: [] });
    expect(await network.provider.diff(id, outs, inputs({ mtu: 9000 }))).toMatchObject({ changes: true, replaces: [] });
    expect(await network.provider.diff(id, outs, inputs({ cidr: '10.21.0.0/24' }))).toEqual({
      changes: true,
      replaces: ['cidr'],
      deleteBeforeReplace: true,
    });
    expect((await network.provider.diff(id, outs, inputs({ name: 'lab2' }))).replaces).toEqual(['name']);

    const updated = await network.provider.update(id, outs, inputs({ mtu: 9000 }));
    expect(updated.outs).toMatchObject({ mtu: 9000, network_id: 'net-lab' });
    expect(onDisk().mtu).toBe(9000);
  });

  it('deletes the directory, and deleting what is already gone is fine', async () => {
    const { id, outs } = await network.provider.create(inputs());
    await network.provider.create(inputs({ name: 'other', cidr: '10.30.0.0/24' }));
    await network.provider.delete(id, outs);
    expect(readdirSync(path.join(root, 'networks'))).toEqual(['other']);
    await expect(network.provider.delete(id, outs)).resolves.toBeUndefined();
    temp.remove();
    await expect(network.provider.delete(id, outs)).resolves.toBeUndefined();
  });

  it('refuses a name that would leave the local root, before touching anything', async () => {
    await expect(network.provider.create(inputs({ name: '../escape' }))).rejects.toThrow(/refusing name "\.\.\/escape"/);
    await expect(network.provider.create(inputs({ name: '..' }))).rejects.toThrow(/refusing name/);
    expect(existsSync(root)).toBe(false);
    expect((await network.provider.check(inputs(), inputs({ name: '../escape' }))).failures).toEqual([
      { property: 'name', reason: expect.stringMatching(/refusing name/) as unknown as string },
    ]);
    await expect(network.provider.delete('net-x', { ...inputs(), name: '../../etc' } as NetworkState)).rejects.toThrow(/refusing name/);
  });

  it('refuses a relative local root and a CIDR with host bits set', async () => {
    await expect(network.provider.create(inputs({ localRoot: 'relative/dir' }))).rejects.toThrow(/absolute/);
    const failures = (await network.provider.check(inputs(), inputs({ cidr: '10.20.0.5/24' }))).failures;
    expect(failures).toEqual([{ property: 'cidr', reason: '10.20.0.5/24 has host bits set; the network is 10.20.0.0/24' }]);
    await expect(network.provider.create(inputs({ cidr: '10.20.0.5/24' }))).rejects.toThrow(/host bits/);
  });

  it('refuses to take over a network that is already in the way, and leaves it alone', async () => {
    mkdirSync(path.join(root, 'networks', 'lab'), { recursive: true });
    writeFileSync(path.join(root, 'networks', 'lab', 'network.json'), '{"mine":true}');
    await expect(network.provider.create(inputs())).rejects.toThrow(/in the way/);
    expect(onDisk()).toEqual({ mine: true });
  });

  it('refuses a networks/ directory that leads outside the local root', async () => {
    const outside = path.join(temp.dir, 'outside');
    mkdirSync(outside);
    mkdirSync(root, { recursive: true });
    symlinkSync(outside, path.join(root, 'networks'));
    await expect(network.provider.create(inputs())).rejects.toThrow(/leads outside/);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('replaces a symbolic link planted on network.json instead of writing through it', async () => {
    const { id, outs } = await network.provider.create(inputs());
    const victim = path.join(temp.dir, 'victim.txt');
    writeFileSync(victim, 'untouched');
    const file = path.join(root, 'networks', 'lab', 'network.json');
    rmSync(file);
    symlinkSync(victim, file);
    await network.provider.update(id, outs, inputs({ mtu: 1400 }));
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    expect(onDisk().mtu).toBe(1400);
  });
});
