import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import type { DispatchResult } from '../../../api/dispatcher.js';
import { captureCli } from '../../../cli/capture-cli.js';
import { startSharedServer } from '../../../cli/server-start.js';
import type { Io } from '../../../cli/usage-error.js';
import { createEngine, type Engine } from '../../../engine.js';
import { tcpProxy, type TcpProxy } from '../../../test-support/tcp-proxy.js';
import { startHttpServerProcess } from './server-process.js';
import { useTestDatabases } from './test-databases.js';

/** The line `nimbus server init` prints the administrator's one-time password on. */
const PASSWORD_LINE = /One-time password for (\S+) \(shown once, change it after signing in\): (\S+)\n/;

/** An Io that prints nothing. */
export const quietIo = (): Io => ({ out: () => undefined, err: () => undefined });

/** What a test of desktops against a shared server on PostgreSQL sets up (see {@link useSharedServerSetup}). */
export interface SharedServerSetup {
  /** Run after each test, the last added first; a test adds what it must undo. */
  readonly cleanups: (() => Promise<void> | void)[];
  /** A temporary directory, removed after the test. */
  temporaryDir(prefix: string): string;
  /** A fresh database initialised as `nimbus server init` does, with its administrator (`root` of the provider tenant `acme`). */
  initialisedDatabase(): Promise<{ url: string; adminPassword: string }>;
  /** `nimbus server start` in this process on a free port, closed after the test. */
  inProcessServer(databaseUrl: string, dataDirPrefix?: string): ReturnType<typeof startSharedServer>;
  /** A shared server in a process of its own that the test can kill outright, and start again on the same port. */
  serverProcess(databaseUrl: string, dataDir: string, port: number): ReturnType<typeof startHttpServerProcess>;
  /** A TCP proxy to `port` the test can cut and restore, stopped after the test. */
  proxyTo(port: number): Promise<TcpProxy>;
  /** A desktop engine (as the app makes it: with the server link) on `dataDir`, disposed after the test. */
  desktopEngine(dataDir?: string): Promise<Engine>;
  /** Sets environment variables until the test ends. */
  withEnv(settings: Record<string, string>): void;
}

/**
 * The setup the PostgreSQL tests of desktops on a shared server share: per-file databases, an
 * initialised server database, a server (in this process or its own), proxies and desktop engines,
 * all undone after each test. Call at the top level of a test file (it registers hooks).
 */
export function useSharedServerSetup(): SharedServerSetup {
  const databases = useTestDatabases();
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const temporaryDir = (prefix: string): string => {
    const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  };

  return {
    cleanups,
    temporaryDir,
    async initialisedDatabase() {
      const database = await databases.empty();
      cleanups.push(() => database.drop());
      const init = await captureCli(['server', 'init', '--database', database.url, '--provider', 'acme', '--admin', 'root']);
      const [, , adminPassword] = PASSWORD_LINE.exec(init.out) ?? [];
      expect(adminPassword).toBeTruthy();
      return { url: database.url, adminPassword: adminPassword! };
    },
    async inProcessServer(databaseUrl, dataDirPrefix = 'nimbus-server-') {
      const server = await startSharedServer({ database: databaseUrl, dataDir: temporaryDir(dataDirPrefix), port: 0 }, quietIo(), {});
      cleanups.push(() => server.close());
      return server;
    },
    serverProcess: (databaseUrl, dataDir, port) => startHttpServerProcess(databaseUrl, dataDir, port, (stop) => cleanups.push(stop)),
    async proxyTo(port) {
      const proxy = await tcpProxy(port);
      cleanups.push(() => proxy.stop());
      return proxy;
    },
    async desktopEngine(dataDir = temporaryDir('nimbus-desktop-')) {
      const engine = await createEngine({ dataDir, serverLink: true });
      cleanups.push(() => engine.dispose());
      return engine;
    },
    withEnv(settings) {
      const saved = Object.fromEntries(Object.keys(settings).map((name) => [name, process.env[name]]));
      Object.assign(process.env, settings);
      cleanups.push(() => {
        for (const [name, value] of Object.entries(saved))
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
      });
    },
  };
}

/** The answer of `method` on `engine`'s dispatcher, or an error carrying the refusal's code. */
export async function callEngine<T = unknown>(engine: Engine, method: string, input: unknown = {}): Promise<T> {
  const outcome: DispatchResult = await engine.dispatcher.dispatch(method, input);
  if (!outcome.ok)
    throw Object.assign(new Error(`${method}: ${outcome.error.code}: ${outcome.error.message}`), { code: outcome.error.code });
  return outcome.result as T;
}
