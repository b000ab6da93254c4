import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resourcesDir } from '../paths.js';
import { tempDir } from '../test-support/temp-dir.js';
import { codeCacheEnvironment } from './stack-target.js';

const preload = path.join(resourcesDir(), 'runtime', 'compile-cache.cjs');
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

/** A script that loads a package from its own node_modules and prints what the package exports. */
function project(): { root: string; cacheDir: string; main: string; module: string } {
  const { dir, remove } = tempDir('nimbus-code-cache-');
  cleanups.push(remove);
  const module = path.join(dir, 'node_modules', 'answer', 'index.js');
  mkdirSync(path.dirname(module), { recursive: true });
  writeFileSync(module, '#!/usr/bin/env node\nmodule.exports = { value: 1, dir: __dirname, main: require.main === undefined };\n');
  const main = path.join(dir, 'main.js');
  writeFileSync(main, "console.log(JSON.stringify(require('answer')));\n");
  return { root: dir, cacheDir: path.join(dir, 'cache'), main, module };
}

function runNode(main: string, cacheDir: string): { value: number; dir: string } {
  const result = spawnSync(process.execPath, [main], {
    env: { ...process.env, ...codeCacheEnvironment({ preload, dir: cacheDir }, undefined) },
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as { value: number; dir: string };
}

function cacheFiles(cacheDir: string): string[] {
  try {
    return readdirSync(cacheDir).filter((name) => name.endsWith('.bin'));
  } catch {
    return [];
  }
}

describe('the V8 code cache preload', () => {
  it('keeps compiled package code and uses it on the next start without writing again', () => {
    const { cacheDir, main, module } = project();
    expect(runNode(main, cacheDir)).toMatchObject({ value: 1, dir: path.dirname(module) });
    const [file] = cacheFiles(cacheDir);
    expect(file).toBeDefined();
    const cache = path.join(cacheDir, file!);
    expect(readFileSync(cache).includes(Buffer.from(module))).toBe(true);
    const written = statSync(cache).mtimeMs;
    expect(runNode(main, cacheDir).value).toBe(1);
    // Every module came from the cache, so nothing was left to write.
    expect(statSync(cache).mtimeMs).toBe(written);
  });

  it('keeps the modules one start did not load for the next start that does', () => {
    const { root, cacheDir, module } = project();
    const other = path.join(root, 'node_modules', 'other', 'index.js');
    mkdirSync(path.dirname(other), { recursive: true });
    writeFileSync(other, 'module.exports = { value: 3 };\n');
    // One entry script that loads one package or the other, as a provider does for create and delete.
    const main = path.join(root, 'either.js');
    writeFileSync(main, 'console.log(JSON.stringify(require(process.env.WHICH)));\n');
    const run = (which: string) => {
      const result = spawnSync(process.execPath, [main], {
        env: { ...process.env, WHICH: which, ...codeCacheEnvironment({ preload, dir: cacheDir }, undefined) },
        encoding: 'utf8',
      });
      expect(result.status).toBe(0);
      return (JSON.parse(result.stdout) as { value: number }).value;
    };
    expect(run('answer')).toBe(1);
    expect(run('other')).toBe(3);
    const cache = path.join(cacheDir, cacheFiles(cacheDir)[0]!);
    const written = statSync(cache).mtimeMs;
    expect(readFileSync(cache).includes(Buffer.from(module))).toBe(true);
    expect(run('answer')).toBe(1);
    expect(run('other')).toBe(3);
    expect(statSync(cache).mtimeMs).toBe(written);
  });

  it('never runs stale code: a package file rewritten with text of the same length is compiled again', () => {
    const { cacheDir, main, module } = project();
    expect(runNode(main, cacheDir).value).toBe(1);
    writeFileSync(module, readFileSync(module, 'utf8').replace('value: 1', 'value: 2'));
    expect(runNode(main, cacheDir).value).toBe(2);
    expect(runNode(main, cacheDir).value).toBe(2);
  });

  it('starts normally from a damaged cache and replaces it', () => {
    const { cacheDir, main } = project();
    runNode(main, cacheDir);
    const cache = path.join(cacheDir, cacheFiles(cacheDir)[0]!);
    writeFileSync(cache, Buffer.from([0xff, 0xff, 0xff, 0x7f, 1, 2, 3]));
    expect(runNode(main, cacheDir).value).toBe(1);
    expect(statSync(cache).size).toBeGreaterThan(7);
    expect(runNode(main, cacheDir).value).toBe(1);
  });

  it('writes what it compiled when the process is interrupted, and still ends by the signal', async () => {
    const { root, cacheDir } = project();
    const main = path.join(root, 'wait.js');
    writeFileSync(main, "require('answer'); console.log('ready'); setInterval(() => {}, 1000);\n");
    const child = spawn(process.execPath, [main], {
      env: { ...process.env, ...codeCacheEnvironment({ preload, dir: cacheDir }, undefined) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.kill('SIGINT');
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    expect(signal).toBe('SIGINT');
    expect(cacheFiles(cacheDir)).toHaveLength(1);
  });
});

describe('codeCacheEnvironment', () => {
  it('adds the preload after options already set, quoting a path with spaces', () => {
    const env = codeCacheEnvironment({ preload: '/data dir/compile-cache.cjs', dir: '/data dir/cache' }, '--max-old-space-size=512 ');
    expect(env).toEqual({
      NODE_OPTIONS: '--max-old-space-size=512 --require "/data dir/compile-cache.cjs"',
      NIMBUS_COMPILE_CACHE_DIR: '/data dir/cache',
    });
    const result = spawnSync(process.execPath, ['-p', '6 * 7'], {
      env: { ...process.env, NODE_OPTIONS: codeCacheEnvironment({ preload, dir: '/tmp/x y' }, undefined).NODE_OPTIONS },
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('42');
  });
});
