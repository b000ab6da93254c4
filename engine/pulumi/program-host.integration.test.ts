import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProgramCompiler } from '../deploy/program-compiler.js';
import { dynamicProviderDir, prepareWorkDir } from '../deploy/work-dir.js';
import { until } from '../test-support/until.js';
import { createAdapterHarness, descendantsOf, type AdapterHarness } from './adapter-test-support.js';
import { ProgramHostClient } from './program-host-client.js';
import type { HostJobEvent } from './program-host-protocol.js';
import type { StackTarget } from './stack-target.js';

// The program host with the real Pulumi CLI: Nimbus component programs run inline, several stacks at
// once in one host process; cancellation, a host killed mid-operation, and errors classified as when
// every program had a process of its own.

/**
 * A component that writes `<dir>/<name>.txt` through a dynamic provider. `delay_ms` makes the create
 * wait that long first; `fail` makes the program throw (`now`: while it runs; `later`: in an apply
 * after the file exists).
 */
const PROGRAM = `import * as pulumi from '@pulumi/pulumi';

declare const args: { dir: string; name: string; delay_ms: number; fail: string };

const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    if (inputs.delay_ms > 0) await new Promise((resolve) => setTimeout(resolve, inputs.delay_ms));
    const file = require('node:path').join(inputs.dir, inputs.name + '.txt');
    require('node:fs').writeFileSync(file, inputs.name);
    return { id: file, outs: { ...inputs, file } };
  },
  async delete(id) {
    require('node:fs').rmSync(id, { force: true });
  },
};

class Marker extends pulumi.dynamic.Resource {
  declare readonly file: pulumi.Output<string>;
  constructor(name: string, props: Record<string, unknown>) {
    super(provider, name, { ...props, file: undefined }, {});
  }
}

if (args.fail === 'now') throw new Error('the program refused: ' + args.name);
const marker = new Marker(args.name, { dir: args.dir, name: args.name, delay_ms: args.delay_ms });
console.log('declared ' + args.name);
marker.file.apply((file) => {
  if (args.fail === 'later' && file) throw new Error('failed after creating ' + args.name);
});
export const file = marker.file;
export const label = args.name.toUpperCase();
`;

const INPUTS = {
  type: 'object',
  properties: { dir: { type: 'string' }, name: { type: 'string' }, delay_ms: { type: 'integer' }, fail: { type: 'string' } },
};

let harness: AdapterHarness;
let compiler: ProgramCompiler;
let host: ProgramHostClient;
let files: string;
/** Nimbus's dynamic-provider plugin, as the engine installs it. */
let providerDir: string;

beforeAll(async () => {
  harness = await createAdapterHarness('nimbus-program-host-');
  compiler = new ProgramCompiler(path.join(harness.dir, 'programs'));
  files = harness.filesDir('markers');
  providerDir = dynamicProviderDir(path.join(harness.dir, 'work'));
});
afterEach(async () => {
  await host?.dispose();
});
afterAll(() => harness?.remove());

/** A Nimbus work directory for stack `name`, compiled, and its target with the given inputs. */
async function component(name: string, inputs: { delay_ms?: number; fail?: string } = {}): Promise<StackTarget> {
  const workDir = prepareWorkDir(path.join(harness.dir, 'work'), name, {
    component: 'marker',
    version: 1,
    code: PROGRAM,
    inputSchema: INPUTS,
  });
  await compiler.prepare(workDir, 'up');
  const base = harness.target('files', name, {}, { workName: name });
  return {
    ...base,
    workDir,
    config: {
      dir: { value: files },
      name: { value: name },
      delay_ms: { value: String(inputs.delay_ms ?? 0) },
      fail: { value: inputs.fail ?? '' },
    },
  };
}

/** The command lines of the processes below `pid`. */
function processesBelow(pid: number): string[] {
  return descendantsOf(pid).map((child) => cmdline(String(child)));
}

const marker = (name: string) => path.join(files, `${name}.txt`);

describe('program host', () => {
  it(
    'runs several component stacks at once in one host, with no language host or program process per stack',
    { timeout: 240_000 },
    async () => {
      host = new ProgramHostClient();
      const names = ['alpha', 'bravo', 'charlie'];
      const targets = await Promise.all(names.map((name) => component(name)));
      const logs: Record<string, string[]> = Object.fromEntries(names.map((name) => [name, []]));
      const seen = new Set<string>();
      let hostPid: number | undefined;
      const sampler = setInterval(() => {
        hostPid ??= host.pid;
        if (hostPid) for (const line of processesBelow(hostPid)) seen.add(line);
      }, 50);
      try {
        const results = await Promise.all(
          targets.map((target, index) =>
            host.call(
              'run',
              { target, operation: 'up', inline: true },
              {
                onEvent: (event: HostJobEvent) => {
                  if (event.type === 'job.log') logs[names[index]!]!.push(event.message);
                },
              },
            ),
          ),
        );
        for (const [index, name] of names.entries()) {
          expect(results[index]!.outputs).toEqual({ file: marker(name), label: name.toUpperCase() });
          expect(readFileSync(marker(name), 'utf8')).toBe(name);
          // What a program prints reaches its own operation's events, not another's.
          expect(logs[name]).toContain(`declared ${name}`);
          expect(logs[name]!.filter((line) => line.startsWith('declared '))).toEqual([`declared ${name}`]);
        }
      } finally {
        clearInterval(sampler);
      }
      expect(hostPid).toBeDefined();
      expect(host.pid).toBe(hostPid);
      // Per stack only the CLI and the dynamic provider, started through Nimbus's plugin.
      expect([...seen].filter((line) => line.includes('pulumi-language-nodejs') || line.includes('cmd/run'))).toEqual([]);
      expect([...seen].filter((line) => line.includes(path.join(providerDir, 'dynamic-provider.cjs'))).length).toBeGreaterThan(0);
      expect([...seen].filter((line) => line.includes('cmd/dynamic-provider'))).toEqual([]);

      await Promise.all(targets.map((target) => host.call('run', { target, operation: 'destroy', inline: true })));
      for (const name of names) expect(existsSync(marker(name))).toBe(false);
    },
  );

  it('fails only the stack whose program throws in an apply, while others run beside it', { timeout: 240_000 }, async () => {
    host = new ProgramHostClient();
    const [thrower, slowOk] = await Promise.all([component('thrower', { fail: 'later' }), component('steady', { delay_ms: 3000 })]);
    const [failed, succeeded] = await Promise.allSettled([
      host.call('run', { target: thrower, operation: 'up', inline: true }),
      host.call('run', { target: slowOk, operation: 'up', inline: true }),
    ]);
    expect(failed.status).toBe('rejected');
    expect((failed as PromiseRejectedResult).reason).toMatchObject({
      code: 'pulumi_program_error',
      message: expect.stringMatching(/^The program failed while running: failed after creating thrower \(at index\.ts:\d+:\d+\)$/),
    });
    expect(succeeded).toMatchObject({ status: 'fulfilled', value: { outputs: { file: marker('steady') } } });
    await Promise.all([thrower, slowOk].map((target) => host.call('run', { target, operation: 'destroy', inline: true })));
  });

  it('replaces a host that has served its share of calls with a fresh one once it is idle', { timeout: 120_000 }, async () => {
    host = new ProgramHostClient({ recycleAfter: 2 });
    const target = await component('recycled');
    expect(await host.call('exists', { target })).toBe(false);
    const first = host.pid;
    expect(await host.call('exists', { target })).toBe(false);
    expect(host.pid).toBeUndefined();
    await until(() => !existsSync(`/proc/${first}`), 'the retired host has exited', { timeoutMs: 10_000 });
    expect(await host.call('exists', { target })).toBe(false);
    expect(host.pid).toBeDefined();
    expect(host.pid).not.toBe(first);
  });

  it('classifies errors as before: a program that throws, a stack that does not exist', { timeout: 120_000 }, async () => {
    host = new ProgramHostClient();
    const refusing = await component('refusing', { fail: 'now' });
    await expect(host.call('run', { target: refusing, operation: 'up', inline: true })).rejects.toMatchObject({
      name: 'PulumiOperationError',
      code: 'pulumi_program_error',
      message: expect.stringMatching(/^The program failed while running: Error: the program refused: refusing \(at index\.ts:\d+:\d+\)$/),
    });
    const never = await component('never-created');
    await expect(host.call('outputs', { target: never })).rejects.toMatchObject({ code: 'pulumi_stack_not_found' });
  });

  it(
    'cancels an operation: the CLI is interrupted, the call rejects with the reason, the stack is left unlocked',
    { timeout: 180_000 },
    async () => {
      host = new ProgramHostClient();
      const [target, queued] = await Promise.all([
        component('cancelled', { delay_ms: 5000 }),
        component('not-started', { delay_ms: 5000 }),
      ]);
      const controller = new AbortController();
      const reason = new Error('stop it');
      const running = host.call(
        'run',
        { target, operation: 'up', inline: true },
        {
          signal: controller.signal,
          onEvent: (event) => {
            if (event.type === 'resource.started' && event.resourceType.includes('dynamic')) controller.abort(reason);
          },
        },
      );
      await expect(running).rejects.toBe(reason);
      // A signal aborted before the call stops it there.
      await expect(host.call('run', { target: queued, operation: 'up', inline: true }, { signal: controller.signal })).rejects.toBe(reason);
      // The interrupted CLI let the running create finish and released the stack: another operation runs at once.
      const refreshed = await host.call('run', { target, operation: 'refresh', inline: true });
      expect(refreshed.operation).toBe('refresh');
      expect((await host.call('exportState', { target })).pendingOperations).toEqual([]);
      await host.call('run', { target, operation: 'destroy', inline: true });
      expect(existsSync(marker('cancelled'))).toBe(false);
      expect(existsSync(marker('not-started'))).toBe(false);
    },
  );

  it('fails the operations of a host killed mid-operation, and the next call starts a new host', { timeout: 240_000 }, async () => {
    host = new ProgramHostClient();
    const target = await component('orphaned', { delay_ms: 8000 });
    let firstPid: number | undefined;
    const running = host.call(
      'run',
      { target, operation: 'up', inline: true },
      {
        onEvent: (event) => {
          if (event.type === 'resource.started' && event.resourceType.includes('dynamic') && !firstPid) {
            firstPid = host.pid;
            process.kill(firstPid!, 'SIGKILL');
          }
        },
      },
    );
    await expect(running).rejects.toMatchObject({
      name: 'PulumiOperationError',
      code: 'pulumi_host_exited',
      message: expect.stringContaining('was killed (SIGKILL) during up'),
    });
    // The CLI of the dead host fails on its own once its program is gone; then recovery as after a
    // crash: clear the lock, drop what was pending, deploy again.
    await until(
      () => readdirSync('/proc').every((entry) => !/^\d+$/.test(entry) || !cmdline(entry).includes('--stack orphaned')),
      'the CLI of the killed host has ended',
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    await host.call('cancel', { target });
    expect(host.pid).not.toBe(firstPid);
    await host.call('run', { target, operation: 'refresh', clearPendingCreates: true, inline: true });
    expect((await host.call('exportState', { target })).pendingOperations).toEqual([]);
    const redeployed = await host.call('run', {
      target: { ...target, config: { ...target.config, delay_ms: { value: '0' } } },
      operation: 'up',
      inline: true,
    });
    expect(redeployed.outputs).toMatchObject({ file: marker('orphaned') });
    await host.call('run', { target, operation: 'destroy', inline: true });
  });
});

function cmdline(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}
