// The local provider's Secret: a file `secrets/<name>` under the environment's localRoot holding the
// value, with mode 0600 in a 0700 directory (owner only; this simulates a vault, it does not encrypt).
// The value never appears in the outputs: the state keeps only a fingerprint, marked secret, so a
// refresh can tell a file edited, removed or opened up (chmod) behind Nimbus' back.
//
// Everything is one file on purpose: a published component version is one program text. The provider
// below is serialized with its code by Pulumi, so it and the helpers it calls require Node built-ins
// inside their bodies.
import * as pulumi from '@pulumi/pulumi';
import type * as nodeCrypto from 'node:crypto';
import type * as nodeFs from 'node:fs';
import type * as nodePath from 'node:path';

interface SecretInputs {
  localRoot: string;
  name: string;
  value: string;
}

interface SecretState {
  localRoot: string;
  name: string;
  secret_id: string;
  path: string;
  /** Permission bits of the file as octal text ('600'); '' when it is not a regular file. */
  mode: string;
  /** SHA-256 of the file's content; secret in the state. '' when it is not a regular file. */
  fingerprint: string;
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

/** Writes `file` through a temporary sibling and a rename, so a reader never sees half a file and a symlink in the way is replaced, not followed. */
function writeAtomic(file: string, content: string, mode: number): void {
  const temporary = `${file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  try {
    requireFs().writeFileSync(temporary, content, { flag: 'wx', mode });
    requireFs().renameSync(temporary, file);
  } finally {
    requireFs().rmSync(temporary, { force: true });
  }
}

/** Creates `file` with `content` all at once, failing with EEXIST when anything (even a dangling link) is in the way. */
function writeExclusive(file: string, content: string, mode: number): void {
  const temporary = `${file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  try {
    requireFs().writeFileSync(temporary, content, { flag: 'wx', mode });
    requireFs().linkSync(temporary, file);
  } finally {
    requireFs().rmSync(temporary, { force: true });
  }
}

/** SHA-256 of a secret value, hex: enough to notice a changed file, useless without the state's passphrase. */
function fingerprintOf(value: string | Buffer): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('node:crypto') as typeof nodeCrypto).createHash('sha256').update(value).digest('hex');
}

/** Every reason the inputs cannot be deployed, as Pulumi check failures; never quotes the value. */
function secretFailures(inputs: SecretInputs): { property: string; reason: string }[] {
  const failures: { property: string; reason: string }[] = [];
  const name = nameProblem(inputs.name);
  if (name) failures.push({ property: 'name', reason: name });
  if (typeof inputs.value !== 'string' || inputs.value.length === 0 || inputs.value.length > 65536) {
    failures.push({ property: 'value', reason: 'the value must be a non-empty string of at most 65536 characters' });
  }
  if (typeof inputs.localRoot !== 'string' || !requirePath().isAbsolute(inputs.localRoot)) failures.push({ property: 'localRoot', reason: 'localRoot must be an absolute directory' });
  return failures;
}

/** Throws the check failures of `inputs`. */
function assertDeployable(inputs: SecretInputs): void {
  const failures = secretFailures(inputs);
  if (failures.length > 0) throw new Error(failures.map((failure) => failure.reason).join('; '));
}

/** Where the secret of `props` lives, refusing names and roots that could lead elsewhere. */
function secretFile(props: Pick<SecretInputs, 'localRoot' | 'name'>, create: boolean): string | null {
  if (nameProblem(props.name)) throw new Error(nameProblem(props.name) as string);
  const area = areaDir(props.localRoot, 'secrets', create);
  return area && requirePath().join(area, props.name);
}

/** The resource state of the secret of `inputs`, written to `file`: everything but the value. */
function secretState(file: string, inputs: SecretInputs): SecretState {
  return { localRoot: inputs.localRoot, name: inputs.name, secret_id: `secret-${inputs.name}`, path: file, mode: '600', fingerprint: fingerprintOf(inputs.value) };
}

/** Creates, observes, rewrites and removes a secret file; tests reach it through Pulumi's own serialization. */
const secretProvider: pulumi.dynamic.ResourceProvider<SecretInputs, SecretState> = {
  async check(_olds, news) {
    return { inputs: news, failures: secretFailures(news) };
  },

  async create(inputs) {
    assertDeployable(inputs);
    const file = secretFile(inputs, true) as string;
    try {
      writeExclusive(file, inputs.value, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`a secret is in the way: ${file} already exists; remove it or import it first`);
      throw error;
    }
    return { id: `secret-${inputs.name}`, outs: secretState(file, inputs) };
  },

  // Reports the file as it is now: another content or mode reads as another fingerprint or mode, a
  // symbolic link or directory in its place as neither, a removed file as a resource that is gone.
  async read(id, props) {
    if (!props) throw new Error(`cannot read ${id} without its recorded state: importing a local secret is not supported`);
    const fs = requireFs();
    const file = secretFile(props, false);
    let stat: nodeFs.Stats;
    try {
      stat = fs.lstatSync(file ?? '');
    } catch {
      return { id: '' };
    }
    const regular = stat.isFile();
    return {
      id,
      props: {
        ...props,
        path: file as string,
        mode: regular ? (stat.mode & 0o777).toString(8) : '',
        fingerprint: regular ? fingerprintOf(fs.readFileSync(file as string)) : '',
      },
    };
  },

  async diff(_id, olds, news) {
    const replaces = (['localRoot', 'name'] as const).filter((key) => olds[key] !== news[key]);
    const rewrite = olds.fingerprint !== fingerprintOf(news.value) || olds.mode !== '600';
    return { changes: replaces.length > 0 || rewrite, replaces, deleteBeforeReplace: true };
  },

  // A new value or a repair: the file is written anew (a symbolic link in the way is replaced, not followed).
  async update(_id, _olds, news) {
    assertDeployable(news);
    const file = secretFile(news, true) as string;
    writeAtomic(file, news.value, 0o600);
    return { outs: secretState(file, news) };
  },

  async delete(_id, props) {
    const file = secretFile(props, false);
    if (file) requireFs().rmSync(file, { force: true });
  },
};

/** A secret file managed by {@link secretProvider}. */
class LocalSecret extends pulumi.dynamic.Resource {
  declare readonly secret_id: pulumi.Output<string>;
  declare readonly path: pulumi.Output<string>;
  constructor(name: string, args: { [K in keyof SecretInputs]: pulumi.Input<SecretInputs[K]> }, opts?: pulumi.CustomResourceOptions) {
    super(
      secretProvider,
      name,
      { ...args, secret_id: undefined, path: undefined, mode: undefined, fingerprint: undefined },
      // The fingerprint is stored encrypted like the value it stands for.
      { ...opts, additionalSecretOutputs: ['fingerprint'] },
      'nimbus-local',
      'Secret',
    );
  }
}

const config = new pulumi.Config();
const secret = new LocalSecret('secret', {
  localRoot: config.require('localRoot'),
  name: config.require('name'),
  value: config.requireSecret('value'),
});

export const secret_id = secret.secret_id;
export const path = secret.path;
