/**
 * Which tenant's records the store shows and changes right now. Every repository read and write is
 * limited to this scope, in both stores (and on PostgreSQL again by row-level security):
 *
 * - a call a client made acts in the caller's tenant (the dispatcher's request context);
 * - the engine's own work across tenants (start-up recovery, pollers, timers) runs explicitly inside
 *   {@link runAsEngineWork}, which is the only way to see every tenant's rows; a record it creates
 *   takes its tenant from its parent row (a job event its job's, a history entry its instance's), and
 *   a top-level record of its own (the crash-recovery job) belongs to {@link ENGINE_WORK_TENANT};
 * - code outside any call (the desktop app's own start-up, the CLI, tests) acts in the local tenant
 *   {@link LOCAL_TENANT}. No call a client makes reaches that fallback with another tenant's rows in
 *   view: the dispatcher always opens a context, and without a caller it is the local tenant too.
 */
import { NimbusError } from '../errors.js';
import { currentRequest, runInRequest } from './request-context.js';

/** The tenant of a local data directory (the desktop app, the CLI, `nimbus serve`). */
export const LOCAL_TENANT = 'default';

/** The tenant of top-level records the engine's own work creates (the crash-recovery job, say). */
export const ENGINE_WORK_TENANT = LOCAL_TENANT;

/** The records in view: one tenant's, or every tenant's for the engine's own work. */
export type TenantScope = { readonly engineWork: false; readonly tenant: string } | { readonly engineWork: true; readonly tenant: null };

/** The scope of the code running now (see the module comment). */
export function currentTenantScope(): TenantScope {
  const request = currentRequest();
  if (request?.engineWork) return { engineWork: true, tenant: null };
  return { engineWork: false, tenant: request?.tenant ?? LOCAL_TENANT };
}

/**
 * Runs `work` as the engine's own work, seeing every tenant's records: start-up recovery, pollers,
 * timers. `reason` names the work in the request id the audit log records (`engine:<reason>`). Grep
 * for this function to find every place that may cross tenants.
 */
export function runAsEngineWork<T>(reason: string, work: () => T): T {
  return runInRequest({ requestId: `engine:${reason}`, actor: null, tenant: null, clientAddress: null, engineWork: true }, work);
}

/**
 * Runs `work` in `tenant` on the engine's own behalf (no caller): how the engine's own work, having
 * found a record of some tenant, acts on it as that tenant would (restoring a stack instance after a
 * restart, so what its workflow creates belongs to the instance's tenant).
 */
export function runAsTenantWork<T>(tenant: string, reason: string, work: () => T): T {
  return runInRequest({ requestId: `engine:${reason}`, actor: null, tenant, clientAddress: null }, work);
}

/**
 * A write the scope does not allow: changing a record of an ancestor tenant (visible below, never
 * writable there), or creating a record for another tenant. Reported as `forbidden` rather than
 * `not_found` because the caller can already see the record it tried to change; a record of a tenant
 * the caller cannot see is always `not_found` instead, exactly as if it did not exist.
 */
export class TenantScopeError extends NimbusError {
  override name = 'TenantScopeError';
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('forbidden', message, details);
  }
}
