import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/temp-dir.js';
import { loadComponentManifest } from '../component-manifest.js';
import { compileValidator } from '../json-schema.js';
import { runWithMocks, type MockRun } from '../testing/run-with-mocks.js';
import { componentDir, dynamicResource } from './local/dynamic-provider.js';
import { isAlive, killAll, processesMentioning } from './local/processes.js';
import { until } from '../../test-support/until.js';

interface MachineInputs {
  localRoot: string;
  name: string;
  ip_address: string;
  image: string;
  network_id: string;
  cores: number;
  memory_mb: number;
  port: number;
}
interface MachineState extends MachineInputs {
  machine_id: string;
  pid: number;
  running: boolean;
  endpoint: string;
  path: string;
}

const dir = componentDir('local-vm');
const localRoot = '/srv/nimbus/local/dev';
const config = {
  localRoot,
  name: 'web-01',
  ip_address: '10.20.0.10',
  image: 'local/debian-12',
  network_id: 'net-lab',
  cores: 2,
  memory_mb: 1024,
  port: 0,
};
let run: MockRun;
let machine: ReturnType<typeof dynamicResource<MachineInputs, MachineState>>;

beforeAll(async () => {
  run = await runWithMocks(loadComponentManifest(dir).programFile, {
    project: 'local-vm',
    config,
    state: () => ({
      machine_id: 'vm-web-01',
      pid: 4242,
      running: true,
      endpoint: 'http://127.0.0.1:40000',
      path: `${localRoot}/machines/web-01`,
    }),
  });
  machine = dynamicResource<MachineInputs, MachineState>(run);
});

describe('local-vm manifest', () => {
  it('loads and checks, with the bindings the resolvers fill', () => {
    const manifest = loadComponentManifest(dir);
    expect(manifest).toMatchObject({
      name: 'local-vm',
      provider: 'local',
      semanticType: 'VirtualMachine',
      version: 1,
      changelog: 'Initial version',
      secretInputs: [],
    });
    expect(manifest.resolverBindings).toEqual({
      name: { resolver: 'naming' },
      ip_address: { resolver: 'ipam', allocate: 'address' },
      image: { resolver: 'image_catalog', osFamily: 'debian', osVersion: '12' },
    });
    expect(readFileSync(path.join(dir, 'Pulumi.yaml'), 'utf8')).toMatch(/^name: local-vm\nruntime: nodejs\n/);
  });

  it('accepts a resolved machine and refuses what the provider would refuse', () => {
    const validate = compileValidator(loadComponentManifest(dir).inputSchema);
    const { localRoot: _root, ...inputs } = config;
    expect(validate(inputs)).toEqual([]);
    const invalid = (overrides: Record<string, unknown>) => validate({ ...inputs, ...overrides }).map((issue) => issue.path);
    expect(invalid({ name: 'web/../../x' })).toContain('/name');
    expect(invalid({ ip_address: '10.20.0.300' })).toContain('/ip_address');
    expect(invalid({ image: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst' })).toContain('/image');
    expect(invalid({ network_id: 'vmbr0' })).toContain('/network_id');
    expect(invalid({ cores: 0 })).toContain('/cores');
    expect(invalid({ memory_mb: 16 })).toContain('/memory_mb');
    expect(invalid({ port: 80 })).toContain('/port');
    expect(invalid({ port: 8080 })).toEqual([]);
  });
});

describe('local-vm program', () => {
  it('declares one machine resource from the stack config', () => {
    expect(machine.type).toBe('pulumi-nodejs:dynamic/nimbus-local:Machine');
    expect(machine.inputs).toEqual(config);
  });

  it('exports every output of the contract under its name', () => {
    expect(run.outputs).toEqual({
      machine_id: 'vm-web-01',
      pid: 4242,
      ip_address: '10.20.0.10',
      name: 'web-01',
      endpoint: 'http://127.0.0.1:40000',
      path: `${localRoot}/machines/web-01`,
    });
    const outputSchema = loadComponentManifest(dir).outputSchema;
    expect(Object.keys(run.outputs).sort()).toEqual(Object.keys(outputSchema.properties as object).sort());
    expect(compileValidator(outputSchema)(run.outputs)).toEqual([]);
  });
});

describe('local-vm provider, with real processes', () => {
  let temp: ReturnType<typeof tempDir>;
  let root: string;
  const started = new Set<number>();
  const inputs = (overrides: Partial<MachineInputs> = {}): MachineInputs => ({ ...config, localRoot: root, ...overrides });
  const machineDir = (name = 'web-01') => path.join(root, 'machines', name);
  const spec = (name = 'web-01') =>
    JSON.parse(readFileSync(path.join(machineDir(name), 'machine.json'), 'utf8')) as Record<string, unknown>;
  const ask = async (endpoint: string) => (await (await fetch(endpoint)).json()) as Record<string, unknown>;
  const track = <T extends { pid: number }>(state: T): T => {
    if (state.pid > 0) started.add(state.pid);
    return state;
  };
  const create = async (overrides: Partial<MachineInputs> = {}) => {
    const result = await machine.provider.create(inputs(overrides));
    return { id: result.id, outs: track(result.outs) };
  };
  const freePort = () =>
    new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });

  beforeEach(() => {
    temp = tempDir('nimbus-local-vm-');
    root = path.join(temp.dir, 'local', 'dev');
    mkdirSync(path.join(root, 'networks', 'lab'), { recursive: true });
    writeFileSync(path.join(root, 'networks', 'lab', 'network.json'), JSON.stringify({ network_id: 'net-lab', cidr: '10.20.0.0/24' }));
  });
  afterEach(async () => {
    await killAll(started);
    started.clear();
    temp.remove();
    // Nothing this test started may outlive it.
    await until(() => processesMentioning(temp.dir).length === 0, 'no process mentions the data directory', {
      timeoutMs: 3000,
      intervalMs: 25,
    });
  });

  it('starts a detached process that serves its spec, with pid file and machine.json', async () => {
    const { id, outs } = await create();
    expect(id).toBe('vm-web-01');
    expect(outs).toEqual({
      ...inputs(),
      machine_id: 'vm-web-01',
      pid: expect.any(Number) as number,
      running: true,
      endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) as string,
      path: machineDir(),
    });
    expect(isAlive(outs.pid)).toBe(true);
    expect(readFileSync(path.join(machineDir(), 'pid'), 'utf8').trim()).toBe(String(outs.pid));
    const expected = {
      machine_id: 'vm-web-01',
      name: 'web-01',
      ip_address: '10.20.0.10',
      cores: 2,
      memory_mb: 1024,
      image: 'local/debian-12',
      network_id: 'net-lab',
    };
    expect(spec()).toEqual(expected);
    expect(await ask(outs.endpoint)).toMatchObject({ ...expected, pid: outs.pid });
    expect(processesMentioning(machineDir())).toEqual([outs.pid]);
  });

  it('reads a healthy machine back unchanged', async () => {
    const { id, outs } = await create();
    expect(await machine.provider.read(id, outs)).toEqual({ id, props: outs });
    expect(await machine.provider.diff(id, outs, inputs())).toEqual({ changes: false, replaces: [], deleteBeforeReplace: true });
  });

  it('sees a process killed behind its back, and the next update starts it again', async () => {
    const { id, outs } = await create();
    process.kill(outs.pid, 'SIGKILL');
    await until(() => !isAlive(outs.pid), `the machine process ${outs.pid} has ended`, { timeoutMs: 3000, intervalMs: 25 });

    const refreshed = await machine.provider.read(id, outs);
    expect(refreshed.props!).toMatchObject({ running: false, pid: 0, endpoint: '', cores: 2 });
    expect(await machine.provider.diff(id, refreshed.props!, inputs())).toMatchObject({ changes: true, replaces: [] });

    const { outs: restarted } = await machine.provider.update(id, refreshed.props!, inputs());
    track(restarted);
    expect(restarted.pid).not.toBe(outs.pid);
    expect(isAlive(restarted.pid)).toBe(true);
    expect(await ask(restarted.endpoint)).toMatchObject({ pid: restarted.pid, name: 'web-01' });
    expect((await machine.provider.read(id, restarted)).props).toEqual(restarted);
  });

  it('sees machine.json edited behind its back, and the update writes the declared spec back', async () => {
    const { id, outs } = await create();
    writeFileSync(path.join(machineDir(), 'machine.json'), JSON.stringify({ ...spec(), cores: 32, ip_address: '10.99.0.1' }));
    const refreshed = await machine.provider.read(id, outs);
    expect(refreshed.props!).toMatchObject({ cores: 32, ip_address: '10.99.0.1', running: true, pid: outs.pid });
    expect((await machine.provider.diff(id, refreshed.props!, inputs())).changes).toBe(true);
    await machine.provider.update(id, refreshed.props!, inputs());
    expect(spec()).toMatchObject({ cores: 2, ip_address: '10.20.0.10' });
  });

  it('changes cores, memory and address in place without restarting, and restarts for a new port', async () => {
    const { id, outs } = await create();
    expect(await machine.provider.diff(id, outs, inputs({ cores: 4, memory_mb: 2048 }))).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: true,
    });
    const { outs: resized } = await machine.provider.update(id, outs, inputs({ cores: 4, memory_mb: 2048, ip_address: '10.20.0.11' }));
    expect(resized).toEqual({ ...outs, cores: 4, memory_mb: 2048, ip_address: '10.20.0.11' });
    expect(await ask(outs.endpoint)).toMatchObject({ pid: outs.pid, cores: 4, memory_mb: 2048, ip_address: '10.20.0.11' });

    const port = await freePort();
    const { outs: moved } = await machine.provider.update(
      id,
      resized,
      inputs({ cores: 4, memory_mb: 2048, ip_address: '10.20.0.11', port }),
    );
    track(moved);
    expect(moved.endpoint).toBe(`http://127.0.0.1:${port}`);
    expect(moved.pid).not.toBe(outs.pid);
    await until(() => !isAlive(outs.pid), `the machine process ${outs.pid} has ended`, { timeoutMs: 3000, intervalMs: 25 });
    expect(await ask(moved.endpoint)).toMatchObject({ pid: moved.pid, cores: 4 });
  });

  it('replaces the machine for a new image or name, the old one first', async () => {
    const { id, outs } = await create();
    expect(await machine.provider.diff(id, outs, inputs({ image: 'local/alpine-3.20' }))).toEqual({
      changes: true,
      replaces: ['image'],
      deleteBeforeReplace: true,
    });
    expect((await machine.provider.diff(id, outs, inputs({ name: 'web-02' }))).replaces).toEqual(['name']);
  });

  it('stops the process and removes the directory; deleting again is fine', async () => {
    const { id, outs } = await create();
    await create({ name: 'web-02' });
    await machine.provider.delete(id, outs);
    expect(isAlive(outs.pid)).toBe(false);
    expect(readdirSync(path.join(root, 'machines'))).toEqual(['web-02']);
    await expect(machine.provider.delete(id, outs)).resolves.toBeUndefined();
    expect(processesMentioning(machineDir())).toEqual([]);
  });

  it('treats a directory removed behind its back as gone, and the orphaned process stops by itself', async () => {
    const { id, outs } = await create();
    rmSync(machineDir(), { recursive: true, force: true });
    expect(await machine.provider.read(id, outs)).toEqual({ id: '' });
    await until(() => !isAlive(outs.pid), `the machine process ${outs.pid} has ended`, { timeoutMs: 3000, intervalMs: 25 });
    await expect(machine.provider.delete(id, outs)).resolves.toBeUndefined();
  });

  it('stops the process it recorded even when its pid file is gone', async () => {
    const { id, outs } = await create();
    // The process also quits by itself within half a second once its pid file is gone; delete does not wait for that.
    rmSync(path.join(machineDir(), 'pid'));
    await machine.provider.delete(id, outs);
    expect(isAlive(outs.pid)).toBe(false);
    expect(existsSync(machineDir())).toBe(false);
  });

  it('never kills a process that is not its machine, even when the pid file names it', async () => {
    const stranger = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    started.add(stranger.pid!);
    const { id, outs } = await create();
    writeFileSync(path.join(machineDir(), 'pid'), String(stranger.pid));
    expect((await machine.provider.read(id, outs)).props).toMatchObject({ running: false, pid: 0 });
    await machine.provider.delete(id, { ...outs, pid: stranger.pid! });
    expect(isAlive(stranger.pid!)).toBe(true);
    expect(existsSync(machineDir())).toBe(false);
  });

  it('refuses a name with ../ and a machine whose network does not exist, leaving nothing behind', async () => {
    await expect(machine.provider.create(inputs({ name: '../../escape' }))).rejects.toThrow(/refusing name "\.\.\/\.\.\/escape"/);
    expect((await machine.provider.check(inputs(), inputs({ name: '../x' }))).failures.map((failure) => failure.property)).toEqual([
      'name',
    ]);
    await expect(machine.provider.create(inputs({ network_id: 'net-missing' }))).rejects.toThrow(/network net-missing does not exist/);
    expect(existsSync(path.join(root, 'machines'))).toBe(false);
    expect(processesMentioning(temp.dir)).toEqual([]);
  });

  it('refuses a machine already in the way and leaves it alone', async () => {
    mkdirSync(machineDir(), { recursive: true });
    writeFileSync(path.join(machineDir(), 'machine.json'), '{"theirs":true}');
    await expect(machine.provider.create(inputs())).rejects.toThrow(/a machine is in the way/);
    expect(spec()).toEqual({ theirs: true });
    expect(processesMentioning(temp.dir)).toEqual([]);
  });

  it('fails cleanly when the declared port is taken: no process, no directory', async () => {
    const blocker = net.createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)),
    );
    try {
      await expect(machine.provider.create(inputs({ port }))).rejects.toThrow(/did not start .*EADDRINUSE/);
      expect(existsSync(machineDir())).toBe(false);
      expect(processesMentioning(temp.dir)).toEqual([]);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
