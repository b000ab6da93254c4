/**
 * The engine's side of the program host (program-host.ts): starts the host on the first call, sends
 * it requests and turns its replies back into results, job events and the errors the adapter raised.
 * The engine keeps no Pulumi SDK of its own this way, and every stack shares the one SDK the host
 * loaded. A host that dies fails the calls it was serving with `pulumi_host_exited`; the next call
 * starts a new one.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NimbusError, type ErrorDetails } from '../errors.js';
import type { ErrorCode } from '../common/error-codes.js';
import { PulumiOperationError } from './pulumi-errors.js';
import type { HostError, HostJobEvent, HostMethod, HostMethods, HostReply, HostRequest } from './program-host-protocol.js';
import { codeCacheEnvironment } from './stack-target.js';

/** How the host process is started. */
export interface ProgramHostOptions {
  /** The V8 code cache the host loads the SDK through (see resources/runtime/compile-cache.cjs). */
  codeCache?: () => { preload: string; dir: string };
  /**
   * Calls one host serves before it is replaced by a fresh one, once idle ({@link RECYCLE_AFTER} by
   * default): whatever a long-lived SDK keeps from each run does not pile up in a server that runs for weeks.
   */
  recycleAfter?: number;
}

/** Calls a host serves before it is replaced, by default. */
const RECYCLE_AFTER = 500;

interface Pending {
  /** The operation (for `run`) or housekeeping method, named in errors. */
  what: string;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  onEvent?: (event: HostJobEvent) => void;
  signal?: AbortSignal;
}

/** The last stderr the host wrote, kept for the message when it dies. */
const STDERR_TAIL = 2000;
/** How long a disposed host gets to interrupt its operations and exit before it is killed. */
const DISPOSE_MS = 30_000;

/**
 * The host's entry: the compiled `program-host.js` beside this module, or, when the engine runs from
 * its TypeScript sources (the tests), `program-host.ts` through the test-support loader.
 */
function hostEntry(): { script: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    const loader = path.join(path.dirname(here), '..', 'test-support', 'ts-register.mjs');
    return { script: path.join(path.dirname(here), 'program-host.ts'), execArgv: ['--import', loader] };
  }
  return { script: path.join(path.dirname(here), 'program-host.js'), execArgv: [] };
}

/** Turns an error from the host back into what the adapter threw. */
function fromHostError(error: HostError): Error {
  if (error.code && error.name === 'PulumiOperationError')
    return new PulumiOperationError(error.code as ErrorCode, error.message, error.details ?? {});
  if (error.code) {
    const rebuilt = new NimbusError(error.code as ErrorCode, error.message, (error.details ?? {}) as ErrorDetails);
    rebuilt.name = error.name;
    return rebuilt;
  }
  const plain = new Error(error.message);
  plain.name = error.name;
  return plain;
}

/** One program host process at a time, started on demand. */
export class ProgramHostClient {
  private child: ChildProcess | undefined;
  private stderr = '';
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Calls the current host has finished. */
  private served = 0;

  constructor(private readonly options: ProgramHostOptions = {}) {}

  /** The host's process id, while one runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /**
   * Runs `method` in the host. Aborting `signal` interrupts it there (the CLI gets an interrupt and
   * stops cleanly); the promise then rejects with the signal's reason once the host has stopped it.
   */
  call<M extends HostMethod>(
    method: M,
    params: HostMethods[M]['params'],
    options: { signal?: AbortSignal; onEvent?: (event: HostJobEvent) => void } = {},
  ): Promise<HostMethods[M]['result']> {
    if (options.signal?.aborted) return Promise.reject(options.signal.reason as Error);
    const child = this.started();
    const id = this.nextId++;
    return new Promise<HostMethods[M]['result']>((resolve, reject) => {
      const onAbort = () => this.post({ type: 'abort', id });
      const settle = () => {
        options.signal?.removeEventListener('abort', onAbort);
        this.pending.delete(id);
        this.served += 1;
        if (this.pending.size > 0) return;
        if (this.served >= (this.options.recycleAfter ?? RECYCLE_AFTER)) this.retire();
        else this.idle(true);
      };
      this.pending.set(id, {
        what: method === 'run' ? (params as HostMethods['run']['params']).operation : method,
        resolve: (value) => {
          settle();
          resolve(value as HostMethods[M]['result']);
        },
        reject: (error) => {
          settle();
          reject(options.signal?.aborted ? (options.signal.reason ?? error) : error);
        },
        ...(options.onEvent ? { onEvent: options.onEvent } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      this.idle(false);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (!child.connected) return;
      this.post({ type: 'call', id, method, params });
    });
  }

  /**
   * Stops the host: interrupts what it still runs, as a cancelled job's operations are, waits for
   * those to stop (at most {@link DISPOSE_MS}), then closes the channel, on which the host exits.
   * Resolves once it is gone.
   */
  async dispose(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const killer = setTimeout(() => child.kill('SIGKILL'), DISPOSE_MS);
    for (const id of this.pending.keys()) this.post({ type: 'abort', id });
    const deadline = Date.now() + DISPOSE_MS;
    while (this.pending.size > 0 && this.child === child && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    if (child.connected) child.disconnect();
    else child.kill('SIGTERM');
    await exited;
    clearTimeout(killer);
  }

  /** Lets the idle host go (it exits when its channel closes); the next call starts a new one. */
  private retire(): void {
    const child = this.child;
    this.child = undefined;
    if (child?.connected) child.disconnect();
  }

  private post(request: HostRequest): void {
    if (this.child?.connected) this.child.send(request);
  }

  /** An idle host does not keep the engine's process alive; a busy one does. */
  private idle(idle: boolean): void {
    const child = this.child;
    if (!child) return;
    const handles = [child, child.channel, child.stderr] as ({ ref(): void; unref(): void } | null | undefined)[];
    for (const handle of handles) {
      if (idle) handle?.unref();
      else handle?.ref();
    }
  }

  private started(): ChildProcess {
    if (this.child) return this.child;
    const { script, execArgv } = hostEntry();
    const cache = this.options.codeCache?.();
    this.served = 0;
    const child = fork(script, [], {
      execArgv: cache ? [...execArgv, '--require', cache.preload] : execArgv,
      env: {
        ...process.env,
        ...(cache ? { NIMBUS_COMPILE_CACHE_DIR: codeCacheEnvironment(cache, undefined).NIMBUS_COMPILE_CACHE_DIR } : {}),
      },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.child = child;
    this.stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-STDERR_TAIL);
    });
    child.on('message', (reply: HostReply) => this.receive(reply));
    child.on('error', (error) => this.lost(child, `could not be started: ${error.message}`));
    child.on('exit', (code, signal) => this.lost(child, signal ? `was killed (${signal})` : `exited with code ${code}`));
    return child;
  }

  private receive(reply: HostReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    if (reply.type === 'event') pending.onEvent?.(reply.event);
    else if (reply.type === 'result') pending.resolve(reply.value);
    else pending.reject(fromHostError(reply.error));
  }

  /** Fails every call the dead host was serving; the next call starts a new host. */
  private lost(child: ChildProcess, how: string): void {
    if (this.child !== child) return;
    this.child = undefined;
    const calls = [...this.pending.values()];
    this.pending.clear();
    const stderr = this.stderr.trim().split('\n').slice(-5).join(' | ');
    for (const call of calls) {
      const operation = call.what;
      call.reject(
        new PulumiOperationError(
          'pulumi_host_exited',
          `The Pulumi program host ${how} during ${operation}; the operation did not finish, and the stack may still be locked ` +
            `and hold pending operations: cancel its update, then refresh it${stderr ? ` (host output: ${stderr})` : ''}`,
          { operation, reason: how },
        ),
      );
    }
  }
}
