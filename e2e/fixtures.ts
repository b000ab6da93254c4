import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type BrowserContext } from '@playwright/test';
import { rememberToken } from './server-tokens.js';

export interface NimbusServer {
  url: string;
  /** The owner token `nimbus serve` printed (in its sign-in address). */
  token: string;
  dataDir: string;
  process: ChildProcess;
}

/** How long `nimbus serve` may take to print its address before the test fails (and the process is killed). */
const SERVE_START_TIMEOUT_MS = 45_000;

/**
 * Starts `nimbus serve` on a free port with a fresh temporary data directory. `env` adds variables to
 * the server's environment (e.g. a faster poller for one spec); the others inherit the test runner's.
 */
export async function startNimbusServer(
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'nimbus-e2e-')),
  env: Record<string, string> = {},
): Promise<NimbusServer> {
  const child = spawn(process.execPath, [path.resolve('bin/nimbus.js'), 'serve', '--data', dataDir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  const { url, token } = await new Promise<{ url: string; token: string }>((resolve, reject) => {
    // Generous: it is ready in well under a second on an idle machine, but a loaded one can be slow.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`nimbus serve did not start within ${SERVE_START_TIMEOUT_MS} ms:\n${output}`));
    }, SERVE_START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const address = /Open (http:\/\/\S+)/.exec(output)?.[1];
      const signIn = /Sign in this browser: \S+\?token=(\S+)/.exec(output)?.[1];
      if (address && signIn) {
        clearTimeout(timer);
        resolve({ url: address, token: signIn });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`nimbus serve exited with ${code}:\n${output}`));
    });
  });
  rememberToken(url, token);
  return { url, token, dataDir, process: child };
}

export async function stopNimbusServer(server: NimbusServer, { keepData = false } = {}): Promise<void> {
  if (server.process.exitCode === null) {
    const exited = new Promise((resolve) => server.process.once('exit', resolve));
    server.process.kill('SIGTERM');
    await exited;
  }
  if (!keepData) rmSync(server.dataDir, { recursive: true, force: true });
}

/** A page error or console error a test expects: a substring of its text or a pattern. */
export type ExpectedPageError = string | RegExp;

/**
 * The page-error watcher every test has: uncaught errors and console errors of every page of the
 * test's browser context fail the test, unless the test said it expects them. `expect(pattern, why)`
 * allows matching errors in this test (those already seen too); `problems` lists the unexpected ones
 * seen so far.
 */
export interface PageErrors {
  expect(pattern: ExpectedPageError, why: string): void;
  /** Watches another browser context too (e.g. the Electron window's). */
  watch(context: BrowserContext): void;
  readonly problems: readonly string[];
}

/** Whether `text` matches an expected error. */
function matches(text: string, pattern: ExpectedPageError): boolean {
  return typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
}

/**
 * Every test gets its own server and data directory; `page` starts at the app. A spec may set
 * `test.use({ nimbusEnv: { … } })` to start its servers with extra environment variables. Every test
 * fails on an uncaught page error or a console error it did not declare through `pageErrors.expect`
 * (or `test.use({ expectedPageErrors: [...] })` for a whole spec).
 */
export const test = base.extend<{
  nimbus: NimbusServer;
  nimbusEnv: Record<string, string>;
  expectedPageErrors: ExpectedPageError[];
  pageErrors: PageErrors;
}>({
  nimbusEnv: [{}, { option: true }],
  expectedPageErrors: [[], { option: true }],
  nimbus: async ({ nimbusEnv }, use) => {
    const server = await startNimbusServer(undefined, nimbusEnv);
    await use(server);
    await stopNimbusServer(server);
  },
  baseURL: async ({ nimbus }, use) => {
    await use(nimbus.url);
  },
  // Every page of the test is signed in to its server, as the address `nimbus serve` prints would do.
  context: async ({ context, nimbus }, use) => {
    await context.addCookies([{ name: `nimbus_session_${new URL(nimbus.url).port}`, value: nimbus.token, url: nimbus.url }]);
    await use(context);
  },
  pageErrors: [
    async ({ context, expectedPageErrors }, use) => {
      const expected = [...expectedPageErrors];
      const problems: string[] = [];
      // Patterns match the error's own text; `problems` adds where it came from.
      const texts = new Map<string, string>();
      const record = (kind: 'pageerror' | 'console', text: string, where = '') => {
        if (expected.some((pattern) => matches(text, pattern))) return;
        const problem = `${kind}: ${text}${where ? ` (${where})` : ''}`;
        texts.set(problem, text);
        problems.push(problem);
      };
      const watch = (watched: BrowserContext) => {
        watched.on('weberror', (error) => record('pageerror', error.error().message));
        watched.on('console', (message) => {
          if (message.type() === 'error') record('console', message.text(), message.location().url);
        });
      };
      watch(context);
      await use({
        watch,
        expect: (pattern) => {
          expected.push(pattern);
          for (let index = problems.length - 1; index >= 0; index -= 1)
            if (matches(texts.get(problems[index]!) ?? '', pattern)) problems.splice(index, 1);
        },
        get problems() {
          return problems;
        },
      });
      expect(problems, 'uncaught page errors or console errors the test did not expect').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
