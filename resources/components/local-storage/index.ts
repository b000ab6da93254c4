// The local provider's BlockStorage: a sparse disk image `disks/<name>.img` under the environment's
// localRoot, sized with ftruncate so a 100 GiB disk costs nothing until written. It grows in place;
// a smaller size replaces it (shrinking a disk would cut off data, so it is never done in place).
//
// Everything is one file on purpose: a published component version is one program text. The provider
// below is serialized with its code by Pulumi, so it and the helpers it calls require Node built-ins
// inside their bodies.
import * as pulumi from '@pulumi/pulumi';
import type * as nodeFs from 'node:fs';
import type * as nodePath from 'node:path';

interface DiskInputs {
  localRoot: string;
  name: string;
  size_mb: number;
}

interface DiskState extends DiskInputs {
  volume_id: string;
  path: string;
}

/** Node's fs, required where the serialized provider runs. */
function requireFs(): typeof nodeFs {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('node:fs') as typeof nodeFs;
}

/** Node's path, required where the serialized provider runs. */
function requirePath(): typeof nodePath {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('node:path') as typeof nodePath;
}

/** Why `name` cannot name an object (a DNS label keeps it a single, harmless path segment), or null. */
function nameProblem(name: unknown): string | null {
  return typeof name === 'string' && /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(name)
    ? null
    : `refusing name ${JSON.stringify(name)}: a local object name is a lowercase DNS label (a-z, 0-9, "-", at most 63)`;
}

/**
 * The real directory `<localRoot>/<area>` (created when `create`), or null when it does not exist.
 * Refuses a relative root and an area that leads outside the root through a symbolic link.
 */
function areaDir(localRoot: string, area: string, create: boolean): string | null {
  const p = requirePath();
  if (typeof localRoot !== 'string' || !p.isAbsolute(localRoot)) throw new Error(`localRoot must be an absolute directory, got ${JSON.stringify(localRoot)}`);
  const dir = p.join(localRoot, area);
  if (create) requireFs().mkdirSync(dir, { recursive: true, mode: 0o700 });
  else if (!requireFs().existsSync(dir)) return null;
  const real = requireFs().realpathSync(dir);
  if (real !== p.join(requireFs().realpathSync(localRoot), area)) throw new Error(`${dir} leads outside ${localRoot} (a symbolic link?); refusing to touch it`);
  return real;
}

const MIB = 1024 * 1024;

/** Every reason the inputs cannot be deployed, as Pulumi check failures. */
function diskFailures(inputs: DiskInputs): { property: string; reason: string }[] {
  const failures: { property: string; reason: string }[] = [];
  const name = nameProblem(inputs.name);
  if (name) failures.push({ property: 'name', reason: name });
  if (!Number.isInteger(inputs.size_mb) || inputs.size_mb < 1 || inputs.size_mb > 16 * MIB) {
    failures.push({ property: 'size_mb', reason: `size_mb must be an integer from 1 to ${16 * MIB}, got ${inputs.size_mb}` });
  }
  if (typeof inputs.localRoot !== 'string' || !requirePath().isAbsolute(inputs.localRoot)) failures.push({ property: 'localRoot', reason: 'localRoot must be an absolute directory' });
  return failures;
}

/** Throws the check failures of `inputs`. */
function assertDeployable(inputs: DiskInputs): void {
  const failures = diskFailures(inputs);
  if (failures.length > 0) throw new Error(failures.map((failure) => failure.reason).join('; '));
}

/** Where the disk of `inputs` lives, refusing names and roots that could lead elsewhere. */
function diskFile(inputs: Pick<DiskInputs, 'localRoot' | 'name'>, create: boolean): string | null {
  if (nameProblem(inputs.name)) throw new Error(nameProblem(inputs.name) as string);
  const area = areaDir(inputs.localRoot, 'disks', create);
  return area && requirePath().join(area, `${inputs.name}.img`);
}

/** Grows the existing regular file `file` to `bytes` (never through a symbolic link, never shrinking it). */
function grow(file: string, bytes: number): void {
  const fs = requireFs();
  const fd = fs.openSync(file, fs.constants.O_RDWR | (fs.constants.O_NOFOLLOW ?? 0));
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new Error(`${file} is not a regular file; refusing to resize it`);
    if (stat.size > bytes) throw new Error(`${file} holds ${stat.size} bytes; shrinking it to ${bytes} would cut off data, so Nimbus replaces a disk instead`);
    fs.ftruncateSync(fd, bytes);
  } finally {
    fs.closeSync(fd);
  }
}

/** The resource state of the disk of `inputs` at `file`. */
function diskState(file: string, inputs: DiskInputs): DiskState {
  return { localRoot: inputs.localRoot, name: inputs.name, size_mb: inputs.size_mb, volume_id: `disk-${inputs.name}`, path: file };
}

/** Creates, observes, resizes and removes a disk image; tests reach it through Pulumi's own serialization. */
const diskProvider: pulumi.dynamic.ResourceProvider<DiskInputs, DiskState> = {
  async check(_olds, news) {
    return { inputs: news, failures: diskFailures(news) };
  },

  async create(inputs) {
    assertDeployable(inputs);
    const fs = requireFs();
    const file = diskFile(inputs, true) as string;
    let fd: number;
    try {
      fd = fs.openSync(file, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`a disk is in the way: ${file} already exists; remove it or import it first`);
      throw error;
    }
    try {
      fs.ftruncateSync(fd, inputs.size_mb * MIB);
    } catch (error) {
      fs.rmSync(file, { force: true });
      throw error;
    } finally {
      fs.closeSync(fd);
    }
    return { id: `disk-${inputs.name}`, outs: diskState(file, inputs) };
  },

  // Reports the size on disk now, so a refresh records drift (a truncated or grown image, or one
  // replaced by something that is not a file, reads as another size); a removed image reads as gone.
  async read(id, props) {
    if (!props) throw new Error(`cannot read ${id} without its recorded state: importing a local disk is not supported`);
    const file = diskFile(props, false);
    let stat: nodeFs.Stats;
    try {
      stat = requireFs().lstatSync(file ?? '');
    } catch {
      return { id: '' };
    }
    return { id, props: { ...props, size_mb: stat.isFile() ? stat.size / MIB : 0, path: file as string } };
  },

  async diff(_id, olds, news) {
    const replaces: string[] = (['localRoot', 'name'] as const).filter((key) => olds[key] !== news[key]);
    if (olds.size_mb > news.size_mb) replaces.push('size_mb');
    // The replacement lives at the same path, so the old one has to go first.
    return { changes: replaces.length > 0 || olds.size_mb !== news.size_mb, replaces, deleteBeforeReplace: true };
  },

  async update(_id, _olds, news) {
    assertDeployable(news);
    const file = diskFile(news, true) as string;
    if (!requireFs().existsSync(file)) requireFs().closeSync(requireFs().openSync(file, 'wx', 0o600));
    grow(file, news.size_mb * MIB);
    return { outs: diskState(file, news) };
  },

  async delete(_id, props) {
    const file = diskFile(props, false);
    if (file) requireFs().rmSync(file, { force: true });
  },
};

/** A disk image managed by {@link diskProvider}. */
class LocalDisk extends pulumi.dynamic.Resource {
  declare readonly volume_id: pulumi.Output<string>;
  declare readonly path: pulumi.Output<string>;
  declare readonly size_mb: pulumi.Output<number>;
  constructor(name: string, args: { [K in keyof DiskInputs]: pulumi.Input<DiskInputs[K]> }, opts?: pulumi.CustomResourceOptions) {
    super(diskProvider, name, { ...args, volume_id: undefined, path: undefined }, opts, 'nimbus-local', 'Disk');
  }
}

const config = new pulumi.Config();
const disk = new LocalDisk('disk', {
  localRoot: config.require('localRoot'),
  name: config.require('name'),
  size_mb: config.requireNumber('size_mb'),
});

export const volume_id = disk.volume_id;
export const path = disk.path;
export const size_mb = disk.size_mb;
