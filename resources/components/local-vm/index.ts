// The local provider's VirtualMachine: a real, detached Node process under `machines/<name>/` in the
// environment's localRoot. It serves its machine.json on 127.0.0.1, so a deploy can be watched
// (`curl`), killed behind Nimbus' back (drift) and destroyed.
//
//   machines/<name>/machine.json  name, ip_address, cores, memory_mb, image, network_id (the spec)
//   machines/<name>/machine.cjs   the program the process runs
//   machines/<name>/pid           the supervised process; a process whose pid is no longer here quits
//   machines/<name>/port          where it listens, written once it does
//   machines/<name>/console.log   its stdout and stderr
//
// Everything is one file on purpose: a published component version is one program text. The provider
// below is serialized with its code by Pulumi, so it and the helpers it calls require Node built-ins
// inside their bodies.
import * as pulumi from '@pulumi/pulumi';
import type * as nodeChildProcess from 'node:child_process';
import type * as nodeFs from 'node:fs';
import type * as nodePath from 'node:path';

interface MachineInputs {
  localRoot: string;
  name: string;
  ip_address: string;
  image: string;
  network_id: string;
  cores: number;
  memory_mb: number;
  /** 0: any free port. */
  port: number;
}

interface MachineState extends MachineInputs {
  machine_id: string;
  /** 0 when the process is not running. */
  pid: number;
  running: boolean;
  /** `http://127.0.0.1:<port>` while running, else empty. */
  endpoint: string;
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

/** Node's child_process, required where the serialized provider runs. */
function requireChildProcess(): typeof nodeChildProcess {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('node:child_process') as typeof nodeChildProcess;
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

/** The text of a small file, or '' when it is missing or unreadable. */
function readText(file: string): string {
  try {
    return requireFs().readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The program a machine process runs: it serves machine.json and quits once its pid file names another process or is gone. */
function machineProgram(): string {
  return `'use strict';
// A Nimbus local machine. Serves its machine.json on 127.0.0.1; quits when the pid file no longer names it.
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const read = (file) => { try { return fs.readFileSync(path.join(__dirname, file), 'utf8'); } catch { return ''; } };
const server = http.createServer((request, response) => {
  try {
    const spec = JSON.parse(read('machine.json'));
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ ...spec, pid: process.pid, uptime_s: Math.round(process.uptime()) }));
  } catch (error) {
    response.writeHead(500, { 'content-type': 'text/plain' });
    response.end('machine.json is unreadable: ' + error.message);
  }
});
server.on('error', (error) => { console.error(error.message); process.exit(1); });
server.listen(Number(process.argv[2]) || 0, '127.0.0.1', () => {
  const port = server.address().port;
  fs.writeFileSync(path.join(__dirname, 'port'), String(port));
  console.log('listening on 127.0.0.1:' + port);
});
setInterval(() => {
  if (read('pid').trim() !== String(process.pid)) { console.log('pid file gone or taken over; stopping'); process.exit(0); }
}, 500);
`;
}

/** Whether `pid` is alive and is this machine's process (not a stranger that reused the number, not a zombie). */
function isMachineProcess(dir: string, pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // Where /proc exists, the command line proves identity; elsewhere the pid file is all there is.
  if (!requireFs().existsSync('/proc/self/cmdline')) return true;
  return readText(`/proc/${pid}/cmdline`).split('\0').includes(requirePath().join(dir, 'machine.cjs'));
}

/** Stops this machine's process `pid` (TERM, then KILL); any other process is left alone. */
async function stopMachine(dir: string, pid: number): Promise<void> {
  for (const [signal, waitMs] of [['SIGTERM', 3000], ['SIGKILL', 2000]] as const) {
    if (!isMachineProcess(dir, pid)) return;
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    for (let waited = 0; waited < waitMs && isMachineProcess(dir, pid); waited += 25) await sleep(25);
  }
  if (isMachineProcess(dir, pid)) throw new Error(`machine process ${pid} does not stop`);
}

/**
 * Starts the machine process in `dir` detached from this one (it outlives the Pulumi run), records its
 * pid and waits until it listens. Only PATH is passed on: the provider's environment holds Pulumi secrets.
 */
async function startMachine(dir: string, port: number): Promise<{ pid: number; port: number }> {
  const fs = requireFs();
  const p = requirePath();
  fs.rmSync(p.join(dir, 'port'), { force: true });
  const log = fs.openSync(p.join(dir, 'console.log'), 'a', 0o600);
  let child: nodeChildProcess.ChildProcess;
  try {
    child = requireChildProcess().spawn(process.execPath, [p.join(dir, 'machine.cjs'), String(port)], {
      cwd: dir,
      detached: true,
      stdio: ['ignore', log, log],
      env: { PATH: process.env.PATH ?? '' },
      windowsHide: true,
    });
  } finally {
    fs.closeSync(log);
  }
  let exited: string | null = null;
  child.once('error', (error) => (exited = error.message));
  child.once('exit', (code, signal) => (exited = signal ? `killed by ${signal}` : `exited with code ${code}`));
  child.unref();
  const pid = child.pid;
  if (pid !== undefined) writeAtomic(p.join(dir, 'pid'), `${pid}\n`, 0o644);
  for (let waited = 0; waited < 10_000; waited += 25) {
    const listening = Number(readText(p.join(dir, 'port')));
    if (pid !== undefined && listening > 0 && exited === null) return { pid, port: listening };
    if (exited !== null || pid === undefined) break;
    await sleep(25);
  }
  if (pid !== undefined) await stopMachine(dir, pid);
  const tail = readText(p.join(dir, 'console.log')).trim().split('\n').slice(-3).join(' | ');
  throw new Error(`the machine process did not start (${exited ?? 'no answer within 10s'})${tail ? `: ${tail}` : ''}`);
}

/** Every reason the inputs cannot be deployed, as Pulumi check failures. */
function machineFailures(inputs: MachineInputs): { property: string; reason: string }[] {
  const failures: { property: string; reason: string }[] = [];
  const bad = (property: string, reason: string) => failures.push({ property, reason });
  const name = nameProblem(inputs.name);
  if (name) bad('name', name);
  const ip = typeof inputs.ip_address === 'string' ? inputs.ip_address.split('.') : [];
  if (ip.length !== 4 || ip.some((octet) => !/^(0|[1-9][0-9]{0,2})$/.test(octet) || Number(octet) > 255)) bad('ip_address', `${JSON.stringify(inputs.ip_address)} is not an IPv4 address`);
  if (typeof inputs.image !== 'string' || !/^local\/[a-z0-9][a-z0-9.-]*$/.test(inputs.image)) bad('image', `${JSON.stringify(inputs.image)} is not a local image (local/<os>-<version>)`);
  if (typeof inputs.network_id !== 'string' || !inputs.network_id.startsWith('net-') || nameProblem(inputs.network_id.slice(4))) {
    bad('network_id', `${JSON.stringify(inputs.network_id)} is not a local network id (net-<name>)`);
  }
  if (!Number.isInteger(inputs.cores) || inputs.cores < 1 || inputs.cores > 64) bad('cores', `cores must be an integer from 1 to 64, got ${inputs.cores}`);
  if (!Number.isInteger(inputs.memory_mb) || inputs.memory_mb < 64 || inputs.memory_mb > 262144) bad('memory_mb', `memory_mb must be an integer from 64 to 262144, got ${inputs.memory_mb}`);
  if (!Number.isInteger(inputs.port) || (inputs.port !== 0 && (inputs.port < 1024 || inputs.port > 65535))) bad('port', `port must be 0 (any free port) or from 1024 to 65535, got ${inputs.port}`);
  if (typeof inputs.localRoot !== 'string' || !requirePath().isAbsolute(inputs.localRoot)) bad('localRoot', 'localRoot must be an absolute directory');
  return failures;
}

/** Throws the check failures of `inputs`, and when the network it joins does not exist under the same root. */
function assertDeployable(inputs: MachineInputs): void {
  const failures = machineFailures(inputs);
  if (failures.length > 0) throw new Error(failures.map((failure) => failure.reason).join('; '));
  const networks = areaDir(inputs.localRoot, 'networks', false);
  const networkName = inputs.network_id.slice('net-'.length);
  if (!networks || !requireFs().existsSync(requirePath().join(networks, networkName, 'network.json'))) {
    throw new Error(`network ${inputs.network_id} does not exist under ${inputs.localRoot}; deploy the local-network first`);
  }
}

/** Writes machine.json for `inputs` into `dir`. */
function writeSpec(dir: string, inputs: MachineInputs): void {
  const spec = {
    machine_id: `vm-${inputs.name}`,
    name: inputs.name,
    ip_address: inputs.ip_address,
    cores: inputs.cores,
    memory_mb: inputs.memory_mb,
    image: inputs.image,
    network_id: inputs.network_id,
  };
  writeAtomic(requirePath().join(dir, 'machine.json'), `${JSON.stringify(spec, null, 2)}\n`, 0o644);
}

/** The resource state of a running machine. */
function runningState(dir: string, inputs: MachineInputs, started: { pid: number; port: number }): MachineState {
  return { ...inputs, machine_id: `vm-${inputs.name}`, pid: started.pid, running: true, endpoint: `http://127.0.0.1:${started.port}`, path: dir };
}

/** Creates, observes, changes and stops a machine process; tests reach it through Pulumi's own serialization. */
const machineProvider: pulumi.dynamic.ResourceProvider<MachineInputs, MachineState> = {
  async check(_olds, news) {
    return { inputs: news, failures: machineFailures(news) };
  },

  async create(inputs) {
    assertDeployable(inputs);
    const dir = requirePath().join(areaDir(inputs.localRoot, 'machines', true) as string, inputs.name);
    try {
      requireFs().mkdirSync(dir, { mode: 0o755 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`a machine is in the way: ${dir} already exists; remove it or import it first`);
      throw error;
    }
    try {
      writeSpec(dir, inputs);
      writeAtomic(requirePath().join(dir, 'machine.cjs'), machineProgram(), 0o644);
      const started = await startMachine(dir, inputs.port);
      return { id: `vm-${inputs.name}`, outs: runningState(dir, inputs, started) };
    } catch (error) {
      requireFs().rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  },

  // Reports what is there now, so a refresh records drift: a killed process reads as running: false,
  // an edited machine.json as changed properties, a removed directory as a resource that is gone.
  async read(id, props) {
    if (!props) throw new Error(`cannot read ${id} without its recorded state: importing a local machine is not supported`);
    if (nameProblem(props.name)) throw new Error(nameProblem(props.name) as string);
    const area = areaDir(props.localRoot, 'machines', false);
    const dir = area && requirePath().join(area, props.name);
    if (!dir || !requireFs().existsSync(dir)) return { id: '' };
    let spec: Partial<Record<keyof MachineInputs, unknown>> = {};
    try {
      spec = JSON.parse(readText(requirePath().join(dir, 'machine.json'))) as typeof spec;
    } catch {
      // Missing or unreadable: the spec reads as empty, which the next diff repairs.
    }
    const pid = Number(readText(requirePath().join(dir, 'pid')));
    const running = isMachineProcess(dir, pid);
    const port = Number(readText(requirePath().join(dir, 'port')));
    const text = (value: unknown) => (typeof value === 'string' ? value : '');
    const number = (value: unknown) => (typeof value === 'number' ? value : 0);
    return {
      id,
      props: {
        ...props,
        ip_address: text(spec.ip_address),
        image: text(spec.image),
        network_id: text(spec.network_id),
        cores: number(spec.cores),
        memory_mb: number(spec.memory_mb),
        pid: running ? pid : 0,
        running,
        endpoint: running && port > 0 ? `http://127.0.0.1:${port}` : '',
        path: dir,
      },
    };
  },

  async diff(_id, olds, news) {
    // A new name or root is another directory, a new image another boot disk: replaced, old one first.
    const replaces = (['localRoot', 'name', 'image'] as const).filter((key) => olds[key] !== news[key]);
    const inPlace = (['ip_address', 'network_id', 'cores', 'memory_mb', 'port'] as const).filter((key) => olds[key] !== news[key]);
    return { changes: replaces.length > 0 || inPlace.length > 0 || olds.running === false, replaces, deleteBeforeReplace: true };
  },

  // Cores, memory, address and network change in place (the process serves the new spec at once);
  // a new port, or a process that died, means a restart.
  async update(_id, olds, news) {
    assertDeployable(news);
    const dir = requirePath().join(areaDir(news.localRoot, 'machines', true) as string, news.name);
    if (!requireFs().existsSync(dir)) requireFs().mkdirSync(dir, { mode: 0o755 });
    writeSpec(dir, news);
    writeAtomic(requirePath().join(dir, 'machine.cjs'), machineProgram(), 0o644);
    const pid = Number(readText(requirePath().join(dir, 'pid')));
    const port = Number(readText(requirePath().join(dir, 'port')));
    if (isMachineProcess(dir, pid) && olds.port === news.port && port > 0) return { outs: runningState(dir, news, { pid, port }) };
    await stopMachine(dir, pid);
    return { outs: runningState(dir, news, await startMachine(dir, news.port)) };
  },

  async delete(_id, props) {
    if (nameProblem(props.name)) throw new Error(nameProblem(props.name) as string);
    const area = areaDir(props.localRoot, 'machines', false);
    if (!area) return;
    const dir = requirePath().join(area, props.name);
    await stopMachine(dir, Number(readText(requirePath().join(dir, 'pid'))));
    await stopMachine(dir, props.pid);
    requireFs().rmSync(dir, { recursive: true, force: true });
  },
};

/** A machine process managed by {@link machineProvider}. */
class LocalMachine extends pulumi.dynamic.Resource {
  declare readonly machine_id: pulumi.Output<string>;
  declare readonly pid: pulumi.Output<number>;
  declare readonly ip_address: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly endpoint: pulumi.Output<string>;
  declare readonly path: pulumi.Output<string>;
  constructor(name: string, args: { [K in keyof MachineInputs]: pulumi.Input<MachineInputs[K]> }, opts?: pulumi.CustomResourceOptions) {
    super(machineProvider, name, { ...args, machine_id: undefined, pid: undefined, running: undefined, endpoint: undefined, path: undefined }, opts, 'nimbus-local', 'Machine');
  }
}

const config = new pulumi.Config();
const machine = new LocalMachine('machine', {
  localRoot: config.require('localRoot'),
  name: config.require('name'),
  ip_address: config.require('ip_address'),
  image: config.require('image'),
  network_id: config.require('network_id'),
  cores: config.requireNumber('cores'),
  memory_mb: config.requireNumber('memory_mb'),
  port: config.requireNumber('port'),
});

export const machine_id = machine.machine_id;
export const pid = machine.pid;
export const ip_address = machine.ip_address;
export const name = machine.name;
export const endpoint = machine.endpoint;
export const path = machine.path;
