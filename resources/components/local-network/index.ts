// The local provider's VirtualNetwork: a directory `networks/<name>/` under the environment's
// localRoot holding `network.json` (cidr, gateway, mtu). Machines join it through `network_id`.
//
// Everything is one file on purpose: a published component version is one program text. The provider
// below is serialized with its code by Pulumi, so it and the helpers it calls require Node built-ins
// inside their bodies and never touch anything captured from this module but other helpers.
import * as pulumi from '@pulumi/pulumi';
import type * as nodeFs from 'node:fs';
import type * as nodePath from 'node:path';

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

/** An IPv4 address as a 32-bit number, written a.b.c.d. */
function dotted(value: number): string {
  return [3, 2, 1, 0].map((shift) => Math.floor(value / 256 ** shift) % 256).join('.');
}

/** The problem with an IPv4 CIDR (host bits set, prefix out of range), or its first usable address as the gateway. */
function gatewayOf(cidr: unknown): { gateway: string } | { problem: string } {
  const match = typeof cidr === 'string' ? /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr) : null;
  if (!match) return { problem: `${JSON.stringify(cidr)} is not an IPv4 CIDR such as 10.20.0.0/24` };
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((octet) => octet > 255)) return { problem: `${cidr} has an octet larger than 255` };
  if (prefix < 8 || prefix > 30) return { problem: `${cidr}: the prefix must be from /8 to /30` };
  const value = octets.reduce((sum, octet) => sum * 256 + octet, 0);
  const size = 2 ** (32 - prefix);
  if (value % size !== 0) return { problem: `${cidr} has host bits set; the network is ${dotted(value - (value % size))}/${prefix}` };
  return { gateway: dotted(value + 1) };
}

/** Every reason the inputs cannot be deployed, as Pulumi check failures. */
function networkFailures(inputs: NetworkInputs): { property: string; reason: string }[] {
  const failures: { property: string; reason: string }[] = [];
  const name = nameProblem(inputs.name);
  if (name) failures.push({ property: 'name', reason: name });
  const gateway = gatewayOf(inputs.cidr);
  if ('problem' in gateway) failures.push({ property: 'cidr', reason: gateway.problem });
  if (!Number.isInteger(inputs.mtu) || inputs.mtu < 576 || inputs.mtu > 9000) failures.push({ property: 'mtu', reason: `mtu must be an integer from 576 to 9000, got ${inputs.mtu}` });
  if (typeof inputs.localRoot !== 'string' || !requirePath().isAbsolute(inputs.localRoot)) failures.push({ property: 'localRoot', reason: 'localRoot must be an absolute directory' });
  return failures;
}

/** Throws the check failures of `inputs`. */
function assertDeployable(inputs: NetworkInputs): void {
  const failures = networkFailures(inputs);
  if (failures.length > 0) throw new Error(failures.map((failure) => failure.reason).join('; '));
}

/** Writes network.json for `inputs` into `dir` and returns the resource's state. */
function writeNetwork(dir: string, inputs: NetworkInputs): NetworkState {
  const gateway = gatewayOf(inputs.cidr);
  if ('problem' in gateway) throw new Error(gateway.problem);
  const network_id = `net-${inputs.name}`;
  const document = { network_id, name: inputs.name, cidr: inputs.cidr, gateway: gateway.gateway, mtu: inputs.mtu };
  writeAtomic(requirePath().join(dir, 'network.json'), `${JSON.stringify(document, null, 2)}\n`, 0o644);
  return { localRoot: inputs.localRoot, name: inputs.name, cidr: inputs.cidr, mtu: inputs.mtu, network_id, gateway: gateway.gateway, path: dir };
}

/** Creates, observes, changes and removes a network directory; tests reach it through Pulumi's own serialization. */
const networkProvider: pulumi.dynamic.ResourceProvider<NetworkInputs, NetworkState> = {
  async check(_olds, news) {
    return { inputs: news, failures: networkFailures(news) };
  },

  async create(inputs) {
    assertDeployable(inputs);
    const dir = requirePath().join(areaDir(inputs.localRoot, 'networks', true) as string, inputs.name);
    try {
      requireFs().mkdirSync(dir, { mode: 0o755 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`a network is in the way: ${dir} already exists; remove it or import it first`);
      throw error;
    }
    try {
      const state = writeNetwork(dir, inputs);
      return { id: state.network_id, outs: state };
    } catch (error) {
      requireFs().rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  },

  // Reports what is on disk now, so a refresh records drift: a hand-edited network.json shows up as
  // changed properties, a removed directory as a resource that no longer exists (blank id).
  async read(id, props) {
    if (!props) throw new Error(`cannot read ${id} without its recorded state: importing a local network is not supported`);
    if (nameProblem(props.name)) throw new Error(nameProblem(props.name) as string);
    const area = areaDir(props.localRoot, 'networks', false);
    const dir = area && requirePath().join(area, props.name);
    if (!dir || !requireFs().existsSync(dir)) return { id: '' };
    let document: Partial<Record<'cidr' | 'gateway' | 'mtu', unknown>> = {};
    try {
      document = JSON.parse(requireFs().readFileSync(requirePath().join(dir, 'network.json'), 'utf8')) as typeof document;
    } catch {
      // Missing or unreadable: every property reads as absent, which the next diff repairs.
    }
    return {
      id,
      props: {
        ...props,
        cidr: typeof document.cidr === 'string' ? document.cidr : '',
        gateway: typeof document.gateway === 'string' ? document.gateway : '',
        mtu: typeof document.mtu === 'number' ? document.mtu : 0,
        path: dir,
      },
    };
  },

  async diff(_id, olds, news) {
    const replaces = (['localRoot', 'name', 'cidr'] as const).filter((key) => olds[key] !== news[key]);
    const expectedGateway = gatewayOf(news.cidr);
    const drifted = 'gateway' in expectedGateway && olds.gateway !== expectedGateway.gateway;
    // The replacement lives at the same path, so the old one has to go first.
    return { changes: replaces.length > 0 || olds.mtu !== news.mtu || drifted, replaces, deleteBeforeReplace: true };
  },

  async update(_id, _olds, news) {
    assertDeployable(news);
    const area = areaDir(news.localRoot, 'networks', true) as string;
    const dir = requirePath().join(area, news.name);
    if (!requireFs().existsSync(dir)) requireFs().mkdirSync(dir, { mode: 0o755 });
    return { outs: writeNetwork(dir, news) };
  },

  async delete(_id, props) {
    if (nameProblem(props.name)) throw new Error(nameProblem(props.name) as string);
    const area = areaDir(props.localRoot, 'networks', false);
    if (area) requireFs().rmSync(requirePath().join(area, props.name), { recursive: true, force: true });
  },
};

/** A network directory managed by {@link networkProvider}. */
class LocalNetwork extends pulumi.dynamic.Resource {
  declare readonly network_id: pulumi.Output<string>;
  declare readonly cidr: pulumi.Output<string>;
  declare readonly gateway: pulumi.Output<string>;
  declare readonly path: pulumi.Output<string>;
  constructor(name: string, args: { [K in keyof NetworkInputs]: pulumi.Input<NetworkInputs[K]> }, opts?: pulumi.CustomResourceOptions) {
    super(networkProvider, name, { ...args, network_id: undefined, gateway: undefined, path: undefined }, opts, 'nimbus-local', 'Network');
  }
}

const config = new pulumi.Config();
const network = new LocalNetwork('network', {
  localRoot: config.require('localRoot'),
  name: config.require('name'),
  cidr: config.require('cidr'),
  mtu: config.requireNumber('mtu'),
});

export const network_id = network.network_id;
export const cidr = network.cidr;
export const gateway = network.gateway;
export const path = network.path;
