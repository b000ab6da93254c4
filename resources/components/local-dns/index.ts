// The local provider's DNS: one line of a hosts-style zone file `dns/<zone>.hosts` under the
// environment's localRoot ("10.20.0.10  web-01.nimbus.internal  # nimbus:web-01"). Records of one zone
// share the file, so every change takes the zone's lock (a directory created exclusively), and lines
// Nimbus did not write are kept as they are.
//
// Everything is one file on purpose: a published component version is one program text. The provider
// below is serialized with its code by Pulumi, so it and the helpers it calls require Node built-ins
// inside their bodies.
import * as pulumi from '@pulumi/pulumi';
import type * as nodeFs from 'node:fs';
import type * as nodePath from 'node:path';

interface RecordInputs {
  localRoot: string;
  hostname: string;
  zone: string;
  ip_address: string;
}

interface RecordState extends RecordInputs {
  record_id: string;
  fqdn: string;
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

/** Resolves after `ms` milliseconds. */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Why `zone` cannot name a zone (dot-separated DNS labels, so never a path), or null. */
function zoneProblem(zone: unknown): string | null {
  return typeof zone === 'string' && zone.length <= 253 && /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/.test(zone)
    ? null
    : `refusing zone ${JSON.stringify(zone)}: a zone is lowercase DNS labels separated by dots`;
}

/** Every reason the inputs cannot be deployed, as Pulumi check failures. */
function recordFailures(inputs: RecordInputs): { property: string; reason: string }[] {
  const failures: { property: string; reason: string }[] = [];
  const hostname = nameProblem(inputs.hostname);
  if (hostname) failures.push({ property: 'hostname', reason: hostname });
  const zone = zoneProblem(inputs.zone);
  if (zone) failures.push({ property: 'zone', reason: zone });
  const ip = typeof inputs.ip_address === 'string' ? inputs.ip_address.split('.') : [];
  if (ip.length !== 4 || ip.some((octet) => !/^(0|[1-9][0-9]{0,2})$/.test(octet) || Number(octet) > 255)) {
    failures.push({ property: 'ip_address', reason: `${JSON.stringify(inputs.ip_address)} is not an IPv4 address` });
  }
  if (typeof inputs.localRoot !== 'string' || !requirePath().isAbsolute(inputs.localRoot)) failures.push({ property: 'localRoot', reason: 'localRoot must be an absolute directory' });
  return failures;
}

/** Throws the check failures of `inputs`. */
function assertDeployable(inputs: RecordInputs): void {
  const failures = recordFailures(inputs);
  if (failures.length > 0) throw new Error(failures.map((failure) => failure.reason).join('; '));
}

/** The zone file of `props`, refusing names and roots that could lead elsewhere. */
function zoneFile(props: Pick<RecordInputs, 'localRoot' | 'hostname' | 'zone'>, create: boolean): string | null {
  const problem = nameProblem(props.hostname) ?? zoneProblem(props.zone);
  if (problem) throw new Error(problem);
  const area = areaDir(props.localRoot, 'dns', create);
  return area && requirePath().join(area, `${props.zone}.hosts`);
}

/** One parsed line of a zone file: Nimbus' own lines carry `# nimbus:<hostname>`. */
function parseLine(line: string): { ip: string; names: string[]; owner: string | null } {
  const [entry = '', comment = ''] = line.split('#', 2);
  const [ip = '', ...names] = entry.trim().split(/\s+/).filter(Boolean);
  const owner = /^\s*nimbus:(\S+)\s*$/.exec(comment)?.[1] ?? null;
  return { ip, names, owner };
}

/**
 * Runs `change` on the lines of `file` while holding the zone's lock, then writes the result back
 * atomically (removing the file when no line is left). A lock older than 30 s is taken as abandoned.
 */
async function editZone<T>(file: string, change: (lines: string[]) => { lines: string[]; result: T }): Promise<T> {
  const fs = requireFs();
  const lock = `${file}.lock`;
  for (let attempt = 0; ; attempt += 1) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > 30_000) fs.rmSync(lock, { recursive: true, force: true });
      } catch {
        // Released meanwhile.
      }
      if (attempt > 400) throw new Error(`${file} stays locked by another deploy (${lock})`);
      await sleep(5 + Math.floor(Math.random() * 20));
    }
  }
  try {
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const { lines, result } = change(text.split('\n').filter((line) => line.trim() !== ''));
    if (lines.length === 0) fs.rmSync(file, { force: true });
    else writeAtomic(file, `${lines.join('\n')}\n`, 0o644);
    return result;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** The zone file line for `inputs`. */
function lineOf(inputs: RecordInputs): string {
  return `${inputs.ip_address}\t${inputs.hostname}.${inputs.zone}\t# nimbus:${inputs.hostname}`;
}

/** The resource state of the record of `inputs` in `file`. */
function recordState(file: string, inputs: RecordInputs): RecordState {
  const fqdn = `${inputs.hostname}.${inputs.zone}`;
  return { localRoot: inputs.localRoot, hostname: inputs.hostname, zone: inputs.zone, ip_address: inputs.ip_address, record_id: `dns-${fqdn}`, fqdn, path: file };
}

/** Adds, observes, changes and removes a zone file line; tests reach it through Pulumi's own serialization. */
const recordProvider: pulumi.dynamic.ResourceProvider<RecordInputs, RecordState> = {
  async check(_olds, news) {
    return { inputs: news, failures: recordFailures(news) };
  },

  async create(inputs) {
    assertDeployable(inputs);
    const file = zoneFile(inputs, true) as string;
    const fqdn = `${inputs.hostname}.${inputs.zone}`;
    await editZone(file, (lines) => {
      const taken = lines.find((line) => parseLine(line).names.includes(fqdn) || parseLine(line).owner === inputs.hostname);
      if (taken) throw new Error(`a record is in the way: ${file} already has "${taken.trim()}"; remove it or import it first`);
      return { lines: [...lines, lineOf(inputs)], result: undefined };
    });
    return { id: `dns-${fqdn}`, outs: recordState(file, inputs) };
  },

  // Reports the line as it is now: an edited address reads as another ip_address, a removed line (or
  // zone file) as a record that is gone.
  async read(id, props) {
    if (!props) throw new Error(`cannot read ${id} without its recorded state: importing a local record is not supported`);
    const file = zoneFile(props, false);
    let text = '';
    try {
      text = requireFs().readFileSync(file ?? '', 'utf8');
    } catch {
      return { id: '' };
    }
    const line = text.split('\n').map(parseLine).find((parsed) => parsed.owner === props.hostname);
    if (!line) return { id: '' };
    return { id, props: { ...props, ip_address: line.ip, fqdn: line.names[0] ?? '', path: file as string } };
  },

  async diff(_id, olds, news) {
    const replaces = (['localRoot', 'hostname', 'zone'] as const).filter((key) => olds[key] !== news[key]);
    const drifted = olds.fqdn !== `${news.hostname}.${news.zone}`;
    return { changes: replaces.length > 0 || olds.ip_address !== news.ip_address || drifted, replaces, deleteBeforeReplace: true };
  },

  async update(_id, _olds, news) {
    assertDeployable(news);
    const file = zoneFile(news, true) as string;
    await editZone(file, (lines) => ({ lines: [...lines.filter((line) => parseLine(line).owner !== news.hostname), lineOf(news)], result: undefined }));
    return { outs: recordState(file, news) };
  },

  async delete(_id, props) {
    const file = zoneFile(props, false);
    if (!file || !requireFs().existsSync(file)) return;
    await editZone(file, (lines) => ({ lines: lines.filter((line) => parseLine(line).owner !== props.hostname), result: undefined }));
  },
};

/** A zone file record managed by {@link recordProvider}. */
class LocalRecord extends pulumi.dynamic.Resource {
  declare readonly record_id: pulumi.Output<string>;
  declare readonly fqdn: pulumi.Output<string>;
  declare readonly ip_address: pulumi.Output<string>;
  declare readonly path: pulumi.Output<string>;
  constructor(name: string, args: { [K in keyof RecordInputs]: pulumi.Input<RecordInputs[K]> }, opts?: pulumi.CustomResourceOptions) {
    super(recordProvider, name, { ...args, record_id: undefined, fqdn: undefined, path: undefined }, opts, 'nimbus-local', 'Record');
  }
}

const config = new pulumi.Config();
const record = new LocalRecord('record', {
  localRoot: config.require('localRoot'),
  hostname: config.require('hostname'),
  zone: config.require('zone'),
  ip_address: config.require('ip_address'),
});

export const record_id = record.record_id;
export const fqdn = record.fqdn;
export const ip_address = record.ip_address;
export const path = record.path;
