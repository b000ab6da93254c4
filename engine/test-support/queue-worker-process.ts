/**
 * A shared-server process for tests that need several of them on one database: an engine on the
 * PostgreSQL store and job queue with N workers, driven through its API over stdin/stdout.
 *
 * Run: `node --import ./ts-register.mjs queue-worker-process.ts` with NIMBUS_QUEUE_DATABASE (URL),
 * NIMBUS_QUEUE_DATA_DIR, NIMBUS_QUEUE_WORKERS and NIMBUS_QUEUE_SECRET (the shared master key). It
 * prints one JSON line `{ ready, instance, pid }`, then answers each line `{ id, method, input }`
 * with `{ id, ok, result | error }`. It disposes its engine and exits when stdin ends or on SIGTERM.
 */
import { createInterface } from 'node:readline';
import { createEngine } from '../engine.js';
import { openPostgresJobQueue } from '../store/postgres/postgres-job-queue.js';
import { openPostgresStore } from '../store/postgres/postgres-store-port.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const url = env('NIMBUS_QUEUE_DATABASE');
const secret = env('NIMBUS_QUEUE_SECRET');
const workers = Number(env('NIMBUS_QUEUE_WORKERS'));
const engine = await createEngine({
  dataDir: env('NIMBUS_QUEUE_DATA_DIR'),
  store: await openPostgresStore(url),
  jobQueue: await openPostgresJobQueue(url, { workers, recoveryIntervalMs: 500, pollingIntervalSeconds: 0.5 }),
  secretKey: () => secret,
  recoverOnStart: true,
});
await engine.ready;
const write = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value)}\n`);
write({ ready: true, instance: engine.jobs.queue.instanceId, pid: process.pid });

let ending: Promise<void> | undefined;
const end = (): Promise<void> =>
  (ending ??= engine.dispose().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`dispose failed: ${String(error)}\n`);
      process.exit(1);
    },
  ));
process.on('SIGTERM', () => void end());

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const { id, method, input } = JSON.parse(line) as { id: number; method: string; input: unknown };
  engine.dispatcher.dispatch(method, input).then(
    (outcome) => write(outcome.ok ? { id, ok: true, result: outcome.result } : { id, ok: false, error: outcome.error }),
    (error: unknown) => write({ id, ok: false, error: { code: 'internal', message: String(error) } }),
  );
});
lines.on('close', () => void end());
