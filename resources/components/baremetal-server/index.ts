// The bare-metal provider's server: sets a registered machine's boot device and powers it on through
// its Redfish BMC, reads its power state back (drift), and powers it off when destroyed.
//
// Everything is one file on purpose: a published component version is one program text. The provider
// below is serialized with its code by Pulumi, so the helpers it calls live beside it and use only
// Node's global fetch. Credentials are never in the state: the inputs name environment variables,
// read where the provider runs.
import * as pulumi from '@pulumi/pulumi';

interface ServerInputs {
  machine: string;
  bmc_address: string;
  bmc_system: string;
  bmc_username_env: string;
  bmc_password_env: string;
  boot_device: string;
}

interface ServerState extends ServerInputs {
  power_state: string;
}

interface RedfishSystem {
  PowerState?: string;
  Boot?: { BootSourceOverrideTarget?: string };
}

/** How long a BMC may take to answer one request, and to reach a power state. */
const REQUEST_TIMEOUT_MS = 10_000;
const POWER_TIMEOUT_MS = 60_000;

/** One Redfish request; a BMC that cannot be reached or answers with an error throws a message naming it. */
async function redfish(inputs: ServerInputs, method: 'GET' | 'PATCH' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const url = `${inputs.bmc_address.replace(/\/+$/, '')}/redfish/v1/Systems/${encodeURIComponent(inputs.bmc_system)}${path}`;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (inputs.bmc_username_env) {
    const user = process.env[inputs.bmc_username_env];
    const password = process.env[inputs.bmc_password_env];
    if (user === undefined || password === undefined) {
      throw new Error(
        `bmc_credentials_missing: the BMC login of ${inputs.machine} is read from $${inputs.bmc_username_env} and $${inputs.bmc_password_env}, which are not set`,
      );
    }
    headers['Authorization'] = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new Error(`bmc_unreachable: the BMC of ${inputs.machine} at ${inputs.bmc_address} cannot be reached (${cause}) for ${method} ${url}`);
  }
  const text = await response.text();
  if (!response.ok) {
    let detail = text.slice(0, 300);
    try {
      detail = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? detail;
    } catch {
      // Not JSON: the text as it came.
    }
    throw new Error(`bmc_failed: the BMC of ${inputs.machine} answered ${response.status} to ${method} ${url}: ${detail}`);
  }
  return text ? (JSON.parse(text) as unknown) : {};
}

async function system(inputs: ServerInputs): Promise<RedfishSystem> {
  return (await redfish(inputs, 'GET', '')) as RedfishSystem;
}

/**
 * Asks for a power state and waits until the BMC reports it. `On` is asked as `ForceOn`: some BMCs
 * (sushy-tools' fake driver among them) accept `On` and leave the machine off.
 */
async function powerTo(inputs: ServerInputs, state: 'On' | 'Off'): Promise<void> {
  if ((await system(inputs)).PowerState === state) return;
  await redfish(inputs, 'POST', '/Actions/ComputerSystem.Reset', { ResetType: state === 'On' ? 'ForceOn' : 'ForceOff' });
  const deadline = Date.now() + POWER_TIMEOUT_MS;
  for (;;) {
    const now = (await system(inputs)).PowerState;
    if (now === state) return;
    if (Date.now() > deadline) throw new Error(`bmc_failed: ${inputs.machine} still reports PowerState ${now} ${POWER_TIMEOUT_MS / 1000} s after asking for ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Sets the boot source override and checks the BMC kept it. */
async function bootFrom(inputs: ServerInputs): Promise<void> {
  await redfish(inputs, 'PATCH', '', { Boot: { BootSourceOverrideTarget: inputs.boot_device, BootSourceOverrideEnabled: 'Continuous' } });
  const target = (await system(inputs)).Boot?.BootSourceOverrideTarget;
  if (target !== inputs.boot_device) throw new Error(`bmc_failed: ${inputs.machine} reports boot device ${target} after it was set to ${inputs.boot_device}`);
}

async function observed(inputs: ServerInputs): Promise<ServerState> {
  const now = await system(inputs);
  return { ...inputs, power_state: now.PowerState ?? 'Unknown', boot_device: now.Boot?.BootSourceOverrideTarget ?? inputs.boot_device };
}

const serverProvider: pulumi.dynamic.ResourceProvider<ServerInputs, ServerState> = {
  async check(_olds, news) {
    const failures: { property: string; reason: string }[] = [];
    if (!/^https?:\/\/[^/\s]+$/i.test(String(news.bmc_address ?? '').replace(/\/+$/, ''))) {
      failures.push({ property: 'bmc_address', reason: `bmc_address must be http(s)://host[:port], got ${JSON.stringify(news.bmc_address)}` });
    }
    if (!news.bmc_system || /[/?#\s]/.test(news.bmc_system)) failures.push({ property: 'bmc_system', reason: 'bmc_system must be a Redfish system id' });
    return { inputs: news, failures };
  },

  async create(inputs) {
    await bootFrom(inputs);
    await powerTo(inputs, 'On');
    return { id: inputs.machine, outs: await observed(inputs) };
  },

  // The machine as its BMC reports it now: a machine powered off behind Nimbus' back reads as drift.
  async read(id, props) {
    if (!props) throw new Error(`cannot read ${id} without its recorded state: importing a bare-metal server is not supported`);
    return { id, props: await observed(props) };
  },

  async diff(_id, olds, news) {
    const replaces = (['machine', 'bmc_address', 'bmc_system'] as const).filter((key) => olds[key] !== news[key]);
    const changes = replaces.length > 0 || olds.boot_device !== news.boot_device || olds.power_state !== 'On';
    return { changes, replaces, deleteBeforeReplace: true };
  },

  async update(_id, _olds, news) {
    await bootFrom(news);
    await powerTo(news, 'On');
    return { outs: await observed(news) };
  },

  async delete(_id, props) {
    await powerTo(props, 'Off');
  },
};

/** A machine powered on through its BMC by {@link serverProvider}. */
class BareMetalServer extends pulumi.dynamic.Resource {
  declare readonly machine: pulumi.Output<string>;
  declare readonly power_state: pulumi.Output<string>;
  declare readonly boot_device: pulumi.Output<string>;
  constructor(name: string, args: { [K in keyof ServerInputs]: pulumi.Input<ServerInputs[K]> }, opts?: pulumi.CustomResourceOptions) {
    super(serverProvider, name, { ...args, power_state: undefined }, opts, 'nimbus-baremetal', 'Server');
  }
}

const config = new pulumi.Config();
const server = new BareMetalServer('server', {
  machine: config.require('machine'),
  bmc_address: config.require('bmc_address'),
  bmc_system: config.require('bmc_system'),
  bmc_username_env: config.get('bmc_username_env') ?? '',
  bmc_password_env: config.get('bmc_password_env') ?? '',
  boot_device: config.get('boot_device') ?? 'Pxe',
});

export const machine = server.machine;
export const power_state = server.power_state;
export const boot_device = server.boot_device;
