import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { createEngine, type Engine } from '../engine.js';
import { startServer, type RunningServer } from '../server/http-server.js';
import { tempDir } from './temp-dir.js';

/**
 * A fresh engine behind a running `nimbus serve` HTTP/WebSocket server on a free loopback port, for
 * every test of the file that calls this; closed, disposed and deleted after each. The returned
 * object's `engine` and `server` are those of the current test.
 */
export function useTestServer(): { engine: Engine; server: RunningServer } {
  let temp: ReturnType<typeof tempDir> | undefined;
  const current = {} as { engine: Engine; server: RunningServer };
  beforeEach(async () => {
    temp = tempDir();
    current.engine = createEngine({ dataDir: path.join(temp.dir, 'data') });
    current.server = await startServer({ engine: current.engine, port: 0, staticDir: temp.dir });
  });
  afterEach(async () => {
    await current.server.close();
    await current.engine.dispose();
    temp?.remove();
  });
  return current;
}
