import { randomUUID } from 'node:crypto';
import { runInRequest, type IdempotencyFence } from '../context/request-context.js';
import { NimbusError, toWireError } from '../errors.js';
import { assertShallow, assertWellFormedText } from '../files/input-limits.js';
import { discardLogger, logFailure, type Logger } from '../logging/logger.js';
import { excerpt } from '../text/excerpt.js';
import { permissionOf } from '../common/method-permissions.js';
import type { Authorizer, Caller } from './authorization.js';
import { contract, type MethodInput, type MethodOutput } from './contract.js';
import { isMethodName, type MethodName } from './methods.js';
import type { WireError } from './schemas/jobs.js';
import { parseOrThrow } from './validate.js';

/** The engine-side implementation of every method, receiving already validated input. */
export type Handlers = { [M in MethodName]: (input: MethodInput<M> & object) => Promise<MethodOutput<M>> | MethodOutput<M> };

export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: WireError };

/**
 * The single entry point both transports (Electron IPC and WebSocket) call. Validates the method name
 * and input, runs the handler, checks the output against the contract (a mismatch is an engine bug and
 * is reported as `internal`), and turns every failure into a {@link WireError}. Never throws.
 * Every call has a request id (the transport's, else a new one) that the log lines of its failure carry:
 * an unexpected failure is logged as an error with its stack, a refusal at debug level.
 * Before the input is read, the authorizer checks that the caller holds the method's permission.
 */
export interface Dispatcher {
  dispatch(method: unknown, input: unknown, call?: CallInfo): Promise<DispatchResult>;
}

/** What a transport knows about a call: its id, the authenticated caller, the client's address. */
export interface CallInfo {
  requestId?: string;
  caller?: Caller;
  clientAddress?: string;
  /** The idempotency key the call runs under (an HTTP call sent with `Idempotency-Key`). */
  idempotency?: IdempotencyFence;
}

/** How a dispatcher checks callers, and where it logs. */
export interface DispatcherOptions {
  authorizer: Authorizer;
  logger?: Logger;
}

export function createDispatcher(handlers: Handlers, options: DispatcherOptions): Dispatcher {
  const logger = options.logger ?? discardLogger;
  return {
    async dispatch(method, input, call = {}) {
      const requestId = call.requestId ?? randomUUID();
      const { caller } = call;
      try {
        if (!isMethodName(method)) {
          throw new NimbusError('unknown_method', `Unknown API method ${excerpt(method)}`, { method: excerpt(method) });
        }
        options.authorizer.authorize(method, permissionOf(method), caller);
        const spec = contract[method];
        // Before any schema walks it: a value nested thousands deep would overflow the stack.
        assertShallow(input, `input to ${method}`);
        // Text no store can hold (PostgreSQL refuses it in JSON) is refused here, where the path can be named.
        assertWellFormedText(input, `input to ${method}`);
        const parsed = parseOrThrow(spec.input, input ?? {}, `input to ${method}`);
        const handler = handlers[method] as (value: unknown) => Promise<unknown> | unknown;
        const output = await runInRequest(
          {
            requestId,
            actor: caller?.id ?? null,
            tenant: caller?.tenant ?? null,
            clientAddress: call.clientAddress ?? null,
            ...(caller ? { permissions: caller.permissions } : {}),
            ...(call.idempotency ? { idempotency: call.idempotency } : {}),
          },
          () => handler(parsed),
        );
        const checked = spec.output.safeParse(output);
        if (!checked.success) {
          throw new NimbusError('internal', `The engine produced an invalid result for ${method}`, {
            issues: checked.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
          });
        }
        return { ok: true, result: checked.data };
      } catch (error) {
        const wire = toWireError(error);
        const context = { requestId, method: typeof method === 'string' ? method.slice(0, 100) : excerpt(method, 100) };
        if (wire.code === 'internal') logFailure(logger, 'error', `Call of ${context.method} failed`, error, context);
        else logger.debug(`Call of ${context.method} refused: ${wire.message}`, { ...context, code: wire.code });
        return { ok: false, error: wire };
      }
    },
  };
}
