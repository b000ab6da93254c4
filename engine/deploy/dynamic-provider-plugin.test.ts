import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-dir.js';
import { dynamicProviderDir, prepareWorkDir } from './work-dir.js';

// Nimbus's `pulumi-nodejs` provider plugin: installed beside the work directories, named by every work
// directory's Pulumi.yaml, and starting Pulumi's dynamic provider without the SDK's whole runtime.
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

/** A work root with one work directory written in it, which installs the plugin beside it. */
function workRoot(): { root: string; workDir: string; plugin: string } {
  const { dir, remove } = tempDir('nimbus-provider-plugin-');
  cleanups.push(remove);
  const root = path.join(dir, 'work');
  const workDir = prepareWorkDir(root, 'one', { component: 'c', version: 1, code: '' });
  return { root, workDir, plugin: path.join(dynamicProviderDir(root), 'pulumi-resource-pulumi-nodejs') };
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
  it('is installed beside the work directories, executable, and named by the Pulumi.yaml of each', () => {
    const { root, workDir, plugin } = workRoot();
    const dir = dynamicProviderDir(root);
    expect(path.dirname(dir)).toBe(root);
    accessSync(plugin, constants.X_OK);
    expect(existsSync(path.join(dir, 'dynamic-provider.cjs'))).toBe(true);
    expect(readFileSync(path.join(workDir, 'Pulumi.yaml'), 'utf8')).toContain(
      `plugins:\n  providers:\n    - name: pulumi-nodejs\n      path: ${JSON.stringify(dir)}\n`,
    );
    // Deleted while the engine runs: written again with the next work directory.
    rmSync(dir, { recursive: true });
    prepareWorkDir(root, 'two', { component: 'c', version: 1, code: '' });
    accessSync(plugin, constants.X_OK);
  });

  it('serves the provider without loading the SDK runtime, its closure serializer or TypeScript', { timeout: 60_000 }, async () => {
    const { root, workDir, plugin } = workRoot();
    const { port, modules } = await modulesLoadedBy(plugin, workDir, root);
    expect(port).toBeGreaterThan(0);
    expect(modules.some((file) => file.endsWith(path.join('cmd', 'dynamic-provider', 'index.js')))).toBe(true);
    expect(modules.filter((file) => /[\\/]typescript[\\/]|closure[\\/]serializeClosure|[\\/]runtime[\\/]index\.js$/.test(file))).toEqual(
      [],
    );
  });

  it('ends itself when the process that started it dies without ending it', { timeout: 60_000 }, async () => {
    const { workDir, plugin } = workRoot();
    // A parent that starts the plugin as Pulumi does, says its pid once it serves, and is then killed outright.
    const parent = spawn(
      process.execPath,
      [
        '-e',
        `const child = require('node:child_process').spawn(${JSON.stringify(plugin)}, ['127.0.0.1:1'], { stdio: ['ignore', 'pipe', 'inherit'] });
         child.stdout.once('data', () => console.log(child.pid));`,
      ],
      { cwd: workDir },
    );
    const pluginPid = await new Promise<number>((resolve, reject) => {
      createInterface({ input: parent.stdout }).once('line', (line) => resolve(Number(line.trim())));
      parent.once('exit', (code) => reject(new Error(`the parent exited with ${code} before the plugin served`)));
    });
    const alive = () => {
      try {
        process.kill(pluginPid, 0);
        return true;
      } catch {
        return false;
      }
    };
    cleanups.push(() => {
      if (alive()) process.kill(pluginPid, 'SIGKILL');
    });
    expect(alive()).toBe(true);
    parent.kill('SIGKILL');
    const deadline = Date.now() + 10_000;
    while (alive() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive()).toBe(false);
  });

  it('says so when the program has no Pulumi SDK beside it', { timeout: 30_000 }, async () => {
    const { root, plugin } = workRoot();
    const child = spawn(plugin, ['127.0.0.1:1'], { cwd: root });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('@pulumi/pulumi is not installed next to the program');
  });
});
