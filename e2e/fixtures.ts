import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';

export interface NimbusServer {
  url: string;
  dataDir: string;
  process: ChildProcess;
}

/**
 * Starts `nimbus serve` on a free port with a fresh temporary data directory. `env` adds variables to
 * the server's environment (e.g. a faster poller for one spec); the others inherit the test runner's.
 */
export async function startNimbusServer(dataDir = mkdtempSync(path.join(os.tmpdir(), 'nimbus-e2e-')), env: Record<string, string> = {}): Promise<NimbusServer> {
  const child = spawn(process.execPath, [path.resolve('bin/nimbus.js'), 'serve', '--data', dataDir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nimbus serve did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Open (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`nimbus serve exited with ${code}:\n${output}`));
    });
  });
  return { url, dataDir, process: child };
}

export async function stopNimbusServer(server: NimbusServer, { keepData = false } = {}): Promise<void> {
  if (server.process.exitCode === null) {
    const exited = new Promise((resolve) => server.process.once('exit', resolve));
    server.process.kill('SIGTERM');
    await exited;
  }
  if (!keepData) rmSync(server.dataDir, { recursive: true, force: true });
}

/**
 * Every test gets its own server and data directory; `page` starts at the app. A spec may set
 * `test.use({ nimbusEnv: { … } })` to start its servers with extra environment variables.
 */
export const test = base.extend<{ nimbus: NimbusServer; nimbusEnv: Record<string, string> }>({
  nimbusEnv: [{}, { option: true }],
  nimbus: async ({ nimbusEnv }, use) => {
    const server = await startNimbusServer(undefined, nimbusEnv);
    await use(server);
    await stopNimbusServer(server);
  },
  baseURL: async ({ nimbus }, use) => {
    await use(nimbus.url);
  },
});

/** Collects uncaught errors and console errors, which must stay empty through every flow. */
export function watchForErrors(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  return problems;
}

export { expect };
