/**
 * `nimbus server start` in a process of its own, for tests that kill it (SIGKILL, no goodbye) and
 * start it again on the same port: NIMBUS_TEST_SERVER_DATABASE (URL), NIMBUS_TEST_SERVER_DATA_DIR,
 * NIMBUS_TEST_SERVER_PORT (0 for a free one). Prints one JSON line `{ ready, url, pid }` once it serves.
 *
 * Run: `node --import ./ts-register.mjs shared-server-process.ts`.
 */
import { startSharedServer } from '../cli/server-start.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

const server = await startSharedServer(
  {
    database: env('NIMBUS_TEST_SERVER_DATABASE'),
    dataDir: env('NIMBUS_TEST_SERVER_DATA_DIR'),
    port: Number(env('NIMBUS_TEST_SERVER_PORT')),
  },
  { out: () => undefined, err: (text) => void process.stderr.write(text) },
);
process.stdout.write(`${JSON.stringify({ ready: true, url: server.url, pid: process.pid })}\n`);
const stop = () =>
  void server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
