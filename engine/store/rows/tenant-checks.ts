/**
 * The scope rules of catalog writes that a row filter cannot express, for both stores: a new record
 * names its tenant (components, stacks and governance policies carry it), and a record a tenant can
 * see may still belong to a tenant above it.
 */
import { currentTenantScope, TenantScopeError } from '../../context/tenant-scope.js';

/**
 * Why a new catalog record for `tenant` (null: provider-level, seen by every tenant) may not be
 * written in the current scope, or undefined when it may: a tenant writes its own records, and
 * provider-level ones only when it is a provider (`isProvider`: it has no parent).
 */
export function newRecordRefusal(kind: string, tenant: string | null, isProvider: boolean): TenantScopeError | undefined {
  const scope = currentTenantScope();
  if (scope.engineWork || tenant === scope.tenant) return undefined;
  if (tenant === null) {
    return isProvider ? undefined : new TenantScopeError(`Only the provider can create a provider-level ${kind}`, { tenant: scope.tenant });
  }
  return new TenantScopeError(`A ${kind} can only be created for your own tenant, not for ${tenant}`, { tenant });
}

/** The refusal of a change to a record a tenant above owns (visible here, never writable). */
export function readOnlyRefusal(kind: string, id: string): TenantScopeError {
  return new TenantScopeError(`The ${kind} ${id} belongs to a tenant above yours; it can be used here, not changed`, { [kind]: id });
}
