import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/temp-dir.js';
import { loadComponentManifest } from '../component-manifest.js';
import { compileValidator } from '../json-schema.js';
import { runWithMocks, type MockRun } from '../testing/run-with-mocks.js';
import { componentDir, dynamicResource } from './local/dynamic-provider.js';

interface DiskInputs {
  localRoot: string;
  name: string;
  size_mb: number;
}
interface DiskState extends DiskInputs {
  volume_id: string;
  path: string;
}

const MIB = 1024 * 1024;
const head = (file: string, bytes: number): string => {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    return buffer.subarray(0, readSync(fd, buffer, 0, bytes, 0)).toString();
  } finally {
    closeSync(fd);
  }
};
const dir = componentDir('local-storage');
const localRoot = '/srv/nimbus/local/dev';
let run: MockRun;
let disk: ReturnType<typeof dynamicResource<DiskInputs, DiskState>>;

beforeAll(async () => {
  run = await runWithMocks(loadComponentManifest(dir).programFile, {
    project: 'local-storage',
    config: { localRoot, name: 'data-01', size_mb: 2048 },
    state: () => ({ volume_id: 'disk-data-01', path: `${localRoot}/disks/data-01.img` }),
  });
  disk = dynamicResource<DiskInputs, DiskState>(run);
});

describe('local-storage manifest', () => {
  it('loads and checks', () => {
    const manifest = loadComponentManifest(dir);
    expect(manifest).toMatchObject({
      name: 'local-storage',
      provider: 'local',
      semanticType: 'BlockStorage',
      version: 1,
      changelog: 'Initial version',
    });
    expect(manifest.resolverBindings).toEqual({ name: { resolver: 'naming' } });
    expect(readFileSync(path.join(dir, 'Pulumi.yaml'), 'utf8')).toMatch(/^name: local-storage\nruntime: nodejs\n/);
    const validate = compileValidator(manifest.inputSchema);
    expect(validate({ name: 'data-01', size_mb: 2048 })).toEqual([]);
    expect(validate({ name: 'data-01/../../x', size_mb: 2048 }).map((issue) => issue.path)).toContain('/name');
    expect(validate({ name: 'data-01', size_mb: 0 }).map((issue) => issue.path)).toEqual(['/size_mb']);
    expect(validate({ name: 'data-01', size_mb: 1.5 }).map((issue) => issue.path)).toEqual(['/size_mb']);
  });
});

describe('local-storage program', () => {
  it('declares one disk resource from the stack config and exports the contract outputs', () => {
    expect(disk.type).toBe('pulumi-nodejs:dynamic/nimbus-local:Disk');
    expect(disk.inputs).toEqual({ localRoot, name: 'data-01', size_mb: 2048 });
    expect(run.outputs).toEqual({ volume_id: 'disk-data-01', path: `${localRoot}/disks/data-01.img`, size_mb: 2048 });
    const outputSchema = loadComponentManifest(dir).outputSchema;
    expect(Object.keys(run.outputs).sort()).toEqual(Object.keys(outputSchema.properties as object).sort());
    expect(compileValidator(outputSchema)(run.outputs)).toEqual([]);
  });
});

describe('local-storage provider, on real files', () => {
  let temp: ReturnType<typeof tempDir>;
  let root: string;
  const inputs = (overrides: Partial<DiskInputs> = {}): DiskInputs => ({ localRoot: root, name: 'data-01', size_mb: 2048, ...overrides });
  const image = (name = 'data-01') => path.join(root, 'disks', `${name}.img`);

  beforeEach(() => {
    temp = tempDir('nimbus-local-storage-');
    root = path.join(temp.dir, 'local', 'dev');
  });
  afterEach(() => temp.remove());

  it('creates a sparse image of the declared size, readable only by its owner', async () => {
    const { id, outs } = await disk.provider.create(inputs());
    expect(id).toBe('disk-data-01');
    expect(outs).toEqual({ ...inputs(), volume_id: 'disk-data-01', path: image() });
    const stat = statSync(image());
    expect(stat.size).toBe(2048 * MIB);
    // Sparse: far fewer blocks allocated than the size (2 GiB would be 4 Mi blocks of 512 bytes).
    expect(stat.blocks * 512).toBeLessThan(MIB);
    expect(stat.mode & 0o777).toBe(0o600);
  });

  it('sees an image truncated behind its back and grows it back in place, keeping its data', async () => {
    const { id, outs } = await disk.provider.create(inputs());
    writeFileSync(image(), 'boot sector', { flag: 'r+' });
    truncateSync(image(), 512 * MIB);
    const refreshed = await disk.provider.read(id, outs);
    expect(refreshed).toEqual({ id, props: { ...outs, size_mb: 512 } });
    expect(await disk.provider.diff(id, refreshed.props!, inputs())).toEqual({ changes: true, replaces: [], deleteBeforeReplace: true });
    expect((await disk.provider.update(id, refreshed.props!, inputs())).outs).toEqual(outs);
    expect(statSync(image()).size).toBe(2048 * MIB);
    expect(head(image(), 11)).toBe('boot sector');

    truncateSync(image(), 2048 * MIB + 10);
    expect((await disk.provider.read(id, outs)).props!.size_mb).toBeCloseTo(2048, 3);
    expect((await disk.provider.read(id, outs)).props!.size_mb).not.toBe(2048);
  });

  it('grows in place and replaces for a smaller size, a new name or root', async () => {
    const { id, outs } = await disk.provider.create(inputs());
    expect(await disk.provider.diff(id, outs, inputs())).toEqual({ changes: false, replaces: [], deleteBeforeReplace: true });
    expect(await disk.provider.diff(id, outs, inputs({ size_mb: 4096 }))).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: true,
    });
    expect((await disk.provider.diff(id, outs, inputs({ size_mb: 1024 }))).replaces).toEqual(['size_mb']);
    expect((await disk.provider.diff(id, outs, inputs({ name: 'data-02' }))).replaces).toEqual(['name']);

    expect((await disk.provider.update(id, outs, inputs({ size_mb: 4096 }))).outs).toEqual({ ...outs, size_mb: 4096 });
    expect(statSync(image()).size).toBe(4096 * MIB);
    // Update never shrinks: that path is a replacement.
    await expect(disk.provider.update(id, outs, inputs({ size_mb: 1 }))).rejects.toThrow(/would cut off data/);
    expect(statSync(image()).size).toBe(4096 * MIB);
  });

  it('reports an image removed behind its back as gone, and recreates it on update', async () => {
    const { id, outs } = await disk.provider.create(inputs());
    rmSync(image());
    expect(await disk.provider.read(id, outs)).toEqual({ id: '' });
    await disk.provider.update(id, outs, inputs());
    expect(statSync(image()).size).toBe(2048 * MIB);
  });

  it('deletes the image, and deleting what is already gone is fine', async () => {
    const { id, outs } = await disk.provider.create(inputs());
    await disk.provider.create(inputs({ name: 'data-02', size_mb: 1 }));
    await disk.provider.delete(id, outs);
    expect(readdirSync(path.join(root, 'disks'))).toEqual(['data-02.img']);
    await expect(disk.provider.delete(id, outs)).resolves.toBeUndefined();
    temp.remove();
    await expect(disk.provider.delete(id, outs)).resolves.toBeUndefined();
  });

  it('refuses a name that would leave the local root, before touching anything', async () => {
    await expect(disk.provider.create(inputs({ name: '../escape' }))).rejects.toThrow(/refusing name "\.\.\/escape"/);
    expect(existsSync(root)).toBe(false);
    expect((await disk.provider.check(inputs(), inputs({ name: '../escape' }))).failures.map((failure) => failure.property)).toEqual([
      'name',
    ]);
    await expect(disk.provider.delete('disk-x', { ...inputs(), name: '../../x', volume_id: 'disk-x', path: '' })).rejects.toThrow(
      /refusing name/,
    );
  });

  it('refuses an image already in the way and leaves it alone', async () => {
    mkdirSync(path.join(root, 'disks'), { recursive: true });
    writeFileSync(image(), 'precious');
    await expect(disk.provider.create(inputs())).rejects.toThrow(/a disk is in the way/);
    expect(readFileSync(image(), 'utf8')).toBe('precious');
  });

  it('never resizes a file outside the root through a symbolic link planted on the image', async () => {
    const { id, outs } = await disk.provider.create(inputs());
    const victim = path.join(temp.dir, 'victim.bin');
    writeFileSync(victim, 'untouched');
    rmSync(image());
    symlinkSync(victim, image());
    expect((await disk.provider.read(id, outs)).props!.size_mb).toBe(0);
    await expect(disk.provider.update(id, { ...outs, size_mb: 0 }, inputs())).rejects.toThrow();
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    await disk.provider.delete(id, outs);
    expect(existsSync(image())).toBe(false);
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
  });
});
