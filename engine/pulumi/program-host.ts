/**
 * The program host: a child process of the engine that runs its Pulumi operations and housekeeping
 * through the Automation API (the engine itself never loads the Pulumi SDK), started and spoken to by
 * program-host-client.ts over Node's IPC channel (program-host-protocol.ts).
 *
 * Component programs run here as inline programs, concurrently, one Automation API run per stack: the
 * SDK is loaded once for all of them, and no language host or program process is started per stack.
 * When the engine goes away (the channel closes) the host exits at once, as if it had died with the
 * engine; an engine that shuts down interrupts and awaits its operations first.
 */
import type { AsyncLocalStorage } from 'node:async_hooks';
import { NimbusError } from '../errors.js';
import {
  adoptPendingCreates,
  cancelStackUpdate,
  exportStackState,
  importStackState,
  readStackOutputs,
  removeStack,
  runStackOperation,
  stackExists,
} from './automation-adapter.js';
import type { HostError, HostMethod, HostMethods, HostReply, HostRequest } from './program-host-protocol.js';
import { scopeProcessErrorListeners } from './run-scoped-listeners.js';

const running = new Map<number, AbortController>();

function send(reply: HostReply): void {
  if (process.connected) process.send?.(reply);
}

function toHostError(error: unknown): HostError {
  if (error instanceof NimbusError) return { name: error.name, message: error.message, code: error.code, details: error.details };
  return { name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) };
}

type Handlers = {
  [M in HostMethod]: (params: HostMethods[M]['params'], id: number, signal: AbortSignal) => Promise<HostMethods[M]['result']>;
};

const handlers: Handlers = {
  run: ({ target, operation, clearPendingCreates, refresh, inline }, id, signal) =>
    runStackOperation(target, operation, {
      signal,
      onEvent: (event) => send({ type: 'event', id, event }),
      ...(clearPendingCreates ? { clearPendingCreates } : {}),
      ...(refresh ? { refresh } : {}),
      ...(inline ? { inline } : {}),
    }),
  exists: ({ target }) => stackExists(target),
  outputs: ({ target }) => readStackOutputs(target),
  exportState: ({ target }) => exportStackState(target),
  adoptPendingCreates: async ({ target }) => {
    const exported = await exportStackState(target);
    if (!exported.pendingOperations.some((operation) => operation.type === 'creating')) return [];
    const { state, adopted } = adoptPendingCreates(exported.state);
    if (adopted.length > 0) await importStackState(target, state);
    return adopted;
  },
  cancel: ({ target }) => cancelStackUpdate(target),
  remove: ({ target }) => removeStack(target),
};

async function serve(request: Extract<HostRequest, { type: 'call' }>): Promise<void> {
  const controller = new AbortController();
  running.set(request.id, controller);
  try {
    const handler = handlers[request.method] as (params: unknown, id: number, signal: AbortSignal) => Promise<unknown>;
    const value = await handler(request.params, request.id, controller.signal);
    send({ type: 'result', id: request.id, value });
  } catch (error) {
    send({ type: 'error', id: request.id, error: toHostError(error) });
  } finally {
    running.delete(request.id);
  }
}

/** Starts serving requests on the IPC channel; the process's entry point. */
function main(): void {
  if (!process.send) {
    process.stderr.write('The Nimbus program host is started by the engine, with an IPC channel.\n');
    process.exit(2);
  }
  // The SDK's inline-program server keeps each run's state in this AsyncLocalStorage.
  scopeProcessErrorListeners(() => (globalThis as { asyncLocalStorage?: AsyncLocalStorage<unknown> }).asyncLocalStorage?.getStore());
  // An error outside every run must not end the host and with it every other stack's operation.
  process.on('uncaughtException', (error) => process.stderr.write(`program host: ${String((error as Error)?.stack ?? error)}\n`));
  process.on('unhandledRejection', (error) => process.stderr.write(`program host: ${String((error as Error)?.stack ?? error)}\n`));
  process.on('message', (message: HostRequest) => {
    if (message.type === 'call') void serve(message);
    else if (message.type === 'abort') running.get(message.id)?.abort(new Error('cancelled'));
  });
  // The host is part of the engine: it ends with it, even mid-operation, as the engine's own Pulumi
  // runs did (the CLIs it ran are then left as a killed engine leaves them, for crash recovery).
  process.on('disconnect', () => process.exit(0));
}

main();
