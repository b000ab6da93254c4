#!/usr/bin/env node
// `npm start`: builds what is out of date, then opens the desktop app where an Electron binary is
// installed, or the browser shell (`nimbus serve`) where it is not.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const built = ['dist/engine/cli/main.js', 'dist/preload/preload.cjs', 'dist/renderer/index.html'];
const sourcesChanged = () => {
  const oldestOutput = Math.min(...built.map((file) => (existsSync(file) ? statSync(file).mtimeMs : 0)));
  return ['engine', 'main', 'preload', 'renderer', 'resources'].some((dir) => newestMtime(dir) > oldestOutput);
};
if (sourcesChanged()) {
  console.log('Building Nimbus…');
  const result = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// Deploying needs the Pulumi CLI; install it in the background so the app opens at once.
const pulumiDir = process.env.NIMBUS_PULUMI_DIR ?? path.join(os.homedir(), '.pulumi', 'bin');
if (!existsSync(path.join(pulumiDir, 'pulumi-language-nodejs'))) {
  const logDir = path.join(os.homedir(), '.nimbus', 'logs');
  mkdirSync(logDir, { recursive: true });
  const log = path.join(logDir, 'ensure-pulumi.log');
  const child = spawn('bash', ['scripts/ensure-pulumi'], { stdio: ['ignore', openSync(log, 'a'), openSync(log, 'a')], detached: true });
  child.unref();
  console.log(`The Pulumi CLI is being installed in the background (log: ${log}); Settings shows when it is ready.`);
}

function electronBinary() {
  const pathFile = path.join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile))
    return { ok: false, reason: 'the Electron package has no downloaded binary (node_modules/electron/path.txt is missing)' };
  const binary = path.join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { ok: false, reason: `the Electron binary ${binary} is missing` };
  return { ok: true, binary };
}

const electron = electronBinary();
const args = process.argv.slice(2);
if (electron.ok) {
  const child = spawn(electron.binary, ['.', ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(`Electron cannot start here: ${electron.reason}.`);
  console.log('Starting the browser shell instead: open the address below in a browser.');
  const child = spawn(process.execPath, ['bin/nimbus.js', 'serve', ...args], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
