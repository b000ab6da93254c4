import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { linkPackages, PROGRAM_BASE_PACKAGES } from '../pulumi/program-packages.js';
import { tempDir } from '../test-support/temp-dir.js';
import { PulumiRunner } from './pulumi-runner.js';
import { prepareWorkDir } from './work-dir.js';

// Nimbus's `pulumi-nodejs` provider plugin: installed into the data directory, named by every work
// directory's Pulumi.yaml, and starting Pulumi's dynamic provider without the SDK's whole runtime.
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function runner(): { runner: PulumiRunner; dataDir: string } {
  const { dir, remove } = tempDir('nimbus-provider-plugin-');
  cleanups.push(remove);
  return { runner: new PulumiRunner({ dataDir: dir, passphrase: async () => 'x', concurrency: 1 }), dataDir: dir };
}

/**
 * Starts the plugin as Pulumi does (in the program's directory, with the engine's address), waits for
 * the port it prints, then ends it and returns the modules it had loaded.
 */
async function modulesLoadedBy(plugin: string, cwd: string, scratch: string): Promise<{ port: number; modules: string[] }> {
  const probe = path.join(scratch, 'probe.cjs');
  const out = path.join(scratch, 'modules.json');
  writeFileSync(
    probe,
    `process.on('SIGTERM', () => { require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(Object.keys(require.cache))); process.exit(0); });\n`,
  );
  const child = spawn(plugin, ['127.0.0.1:1'], { cwd, env: { ...process.env, NODE_OPTIONS: `--require ${JSON.stringify(probe)}` } });
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolve(Number(line.trim())));
    child.once('exit', (code) => reject(new Error(`the plugin exited with ${code}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return { port, modules: JSON.parse(readFileSync(out, 'utf8')) as string[] };
}

describe('the dynamic-provider plugin', () => {
  it('is installed into the data directory, executable, and named by the Pulumi.yaml of each work directory', () => {
    const { runner: pulumi, dataDir } = runner();
    const dir = pulumi.dynamicProviderDir();
    expect(dir).toBe(path.join(dataDir, 'pulumi', 'dynamic-provider'));
    const plugin = path.join(dir, 'pulumi-resource-pulumi-nodejs');
    accessSync(plugin, constants.X_OK);
    expect(existsSync(path.join(dir, 'dynamic-provider.cjs'))).toBe(true);
    // Deleted while the engine runs: written again on the next use.
    rmSync(dir, { recursive: true });
    expect(pulumi.dynamicProviderDir()).toBe(dir);
    accessSync(plugin, constants.X_OK);

    const workDir = prepareWorkDir(
      path.join(dataDir, 'work'),
      'one',
      { component: 'c', version: 1, code: '' },
      { dynamicProviderDir: dir },
    );
    expect(readFileSync(path.join(workDir, 'Pulumi.yaml'), 'utf8')).toContain(
      `plugins:\n  providers:\n    - name: pulumi-nodejs\n      path: ${JSON.stringify(dir)}\n`,
    );
    const plain = prepareWorkDir(path.join(dataDir, 'work'), 'two', { component: 'c', version: 1, code: '' });
    expect(readFileSync(path.join(plain, 'Pulumi.yaml'), 'utf8')).not.toContain('plugins:');
  });

  it('serves the provider without loading the SDK runtime, its closure serializer or TypeScript', { timeout: 60_000 }, async () => {
    const { runner: pulumi, dataDir } = runner();
    const plugin = path.join(pulumi.dynamicProviderDir(), 'pulumi-resource-pulumi-nodejs');
    const program = path.join(dataDir, 'program');
    linkPackages(program, PROGRAM_BASE_PACKAGES);
    const { port, modules } = await modulesLoadedBy(plugin, program, dataDir);
    expect(port).toBeGreaterThan(0);
    expect(modules.some((file) => file.endsWith(path.join('cmd', 'dynamic-provider', 'index.js')))).toBe(true);
    expect(modules.filter((file) => /[\\/]typescript[\\/]|closure[\\/]serializeClosure|[\\/]runtime[\\/]index\.js$/.test(file))).toEqual(
      [],
    );
  });

  it('says so when the program has no Pulumi SDK beside it', { timeout: 30_000 }, async () => {
    const { runner: pulumi, dataDir } = runner();
    const plugin = path.join(pulumi.dynamicProviderDir(), 'pulumi-resource-pulumi-nodejs');
    const child = spawn(plugin, ['127.0.0.1:1'], { cwd: dataDir });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('@pulumi/pulumi is not installed next to the program');
  });
});
