import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

const testSupport = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test-support');

/** A server process: its queue instance, and calls into its API over stdin/stdout. */
export interface ServerProcess {
  child: ChildProcess;
  instance: string;
  call(method: string, input: unknown): Promise<unknown>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Ends stdin: the process disposes its engine and exits. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts a shared-server process for a test (test-support/queue-worker-process.ts): an engine on the
 * PostgreSQL store and job queue with `workers` workers, on one database and one data directory,
 * sharing the master key `secret`.
 */
export async function startServer(url: string, dataDir: string, workers: number, secret: string): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['--import', pathToFileURL(path.join(testSupport, 'ts-register.mjs')).href, path.join(testSupport, 'queue-worker-process.ts')],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NIMBUS_QUEUE_DATABASE: url,
        NIMBUS_QUEUE_DATA_DIR: dataDir,
        NIMBUS_QUEUE_WORKERS: String(workers),
        NIMBUS_QUEUE_SECRET: secret,
      },
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let ready: (value: { instance: string }) => void = () => undefined;
  const readyLine = new Promise<{ instance: string }>((resolve) => (ready = resolve));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const message = JSON.parse(line) as {
      ready?: boolean;
      instance?: string;
      id?: number;
      ok?: boolean;
      result?: unknown;
      error?: { code: string; message: string };
    };
    if (message.ready) return ready({ instance: message.instance! });
    const waiting = pending.get(message.id!);
    pending.delete(message.id!);
    if (message.ok) waiting?.resolve(message.result);
    else waiting?.reject(new Error(`${message.error?.code}: ${message.error?.message}`));
  });
  const started = await Promise.race([
    readyLine,
    exited.then(({ code, signal }) => {
      throw new Error(`The server process exited (${code ?? signal}) before it was ready: ${stderr}`);
    }),
  ]);
  let serial = 0;
  return {
    child,
    instance: started.instance,
    exited,
    call: (method, input) =>
      new Promise((resolve, reject) => {
        const id = ++serial;
        pending.set(id, { resolve, reject });
        child.stdin!.write(`${JSON.stringify({ id, method, input })}\n`);
      }),
    stop: async () => {
      child.stdin!.end();
      return exited;
    },
  };
}

/**
 * Starts `nimbus server start` in a process of its own (test-support/shared-server-process.ts) on one
 * database and data directory, on `port` (0: any), so a test can kill it outright and start it again on
 * the same port. `cleanup` receives what kills it when the test ends.
 */
export async function startHttpServerProcess(
  databaseUrl: string,
  dataDir: string,
  port: number,
  cleanup: (stop: () => Promise<void>) => void,
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--import', pathToFileURL(path.join(testSupport, 'ts-register.mjs')).href, path.join(testSupport, 'shared-server-process.ts')],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NIMBUS_TEST_SERVER_DATABASE: databaseUrl,
        NIMBUS_TEST_SERVER_DATA_DIR: dataDir,
        NIMBUS_TEST_SERVER_PORT: String(port),
        NIMBUS_IDEMPOTENCY_LEASE_MS: '1500',
      },
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanup(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = await new Promise<{ url: string }>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const message = JSON.parse(line) as { ready?: boolean; url?: string };
      if (message.ready) resolve({ url: message.url! });
    });
    void exited.then(() => reject(new Error(`The server process exited before it served: ${stderr}`)));
  });
  return { url: ready.url, child };
}
