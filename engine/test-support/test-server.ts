import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { createEngine, type Engine } from '../engine.js';
import { startServer, type RunningServer } from '../server/http-server.js';
import type { RateLimitPolicy } from '../server/rate-limit.js';
import { expectNothingLeft, takeResourceSnapshot } from './leak-check.js';
import { tempDir } from './temp-dir.js';

/** An engine behind a running server, made for a test, and the one way to end both. */
export interface TestServer {
  engine: Engine;
  server: RunningServer;
  /** The temporary directory holding the engine's data (`data/`) and, unless given, the static files. */
  dir: string;
  /**
   * Closes the server, disposes the engine, removes the directory, and fails naming any timer,
   * handle or child process left running since the server was started.
   */
  close(): Promise<void>;
}

/**
 * The one way a test starts `nimbus serve`'s HTTP/WebSocket server: a fresh engine on a temporary
 * directory behind a server on a free loopback port, serving `staticDir` (the temporary directory
 * itself by default, or the directory `staticDir` returns, given the temporary one), checked for leaks
 * when closed.
 */
export async function createTestServer(
  options: { staticDir?: (dir: string) => string; rateLimit?: RateLimitPolicy } = {},
): Promise<TestServer> {
  const before = takeResourceSnapshot();
  const temp = tempDir();
  let engine: Engine;
  try {
    engine = await createEngine({ dataDir: path.join(temp.dir, 'data') });
  } catch (error) {
    temp.remove();
    throw error;
  }
  let server: RunningServer;
  try {
    server = await startServer({
      engine,
      port: 0,
      staticDir: options.staticDir?.(temp.dir) ?? temp.dir,
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    });
  } catch (error) {
    await engine.dispose();
    temp.remove();
    throw error;
  }
  return {
    engine,
    server,
    dir: temp.dir,
    async close() {
      try {
        await server.close();
        await engine.dispose();
      } finally {
        temp.remove();
      }
      await expectNothingLeft(before, `The server on port ${server.port}`);
    },
  };
}

/**
 * A fresh engine behind a running `nimbus serve` HTTP/WebSocket server on a free loopback port, for
 * every test of the file that calls this; closed, disposed and deleted after each, failing the test if
 * it left a timer, handle or child process running. The returned object's `engine`, `server` and
 * `dir` are those of the current test.
 */
export function useTestServer(options: Parameters<typeof createTestServer>[0] = {}): {
  engine: Engine;
  server: RunningServer;
  dir: string;
} {
  const current = {} as { engine: Engine; server: RunningServer; dir: string };
  let running: TestServer | undefined;
  beforeEach(async () => {
    running = await createTestServer(options);
    Object.assign(current, { engine: running.engine, server: running.server, dir: running.dir });
  });
  afterEach(async () => {
    const ending = running;
    running = undefined;
    await ending?.close();
  });
  return current;
}
