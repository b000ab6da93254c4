/**
 * The scope rules of catalog writes that a row filter cannot express, for both stores: a new record
 * names its tenant (components, stacks and governance policies carry it), and a record a tenant can
 * see may still belong to a tenant above it.
 */
import { currentTenantScope, TenantScopeError } from '../../context/tenant-scope.js';
import { NimbusError } from '../../errors.js';
import { excerpt } from '../../text/excerpt.js';

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

/**
 * The SQL (for both stores; the name given as the parameter `nameParam`) that finds a live
 * provider-level (shared) catalog row of that name. A tenant's own row wins a name lookup in its
 * scope, so a new tenant-level row must not take a shared row's name: it would hide what every tenant
 * sees. A tenant's row may still share its name with one of a tenant above (its own wins below), and
 * with another tenant's (never looked at: their names stay theirs and unseen). A provider-level row
 * is only unique among provider-level rows (the unique index), so a new built-in never fails on a
 * tenant that already used its name.
 */
export function sharedNameSql(table: 'components' | 'stacks', nameParam: string): string {
  // `coalesce(tenant, '') = ''` matches the live-name unique index (`(coalesce(tenant, ''), name)`), so both stores use it.
  return `SELECT 1 AS taken FROM ${table} WHERE coalesce(tenant, '') = '' AND tenant IS NULL AND name = ${nameParam} AND deleted_at IS NULL LIMIT 1`;
}

/**
 * Whether a new catalog row for `tenant` needs the {@link sharedNameSql} check: a tenant-level row
 * written for a caller (not the engine's own work, which imports the built-in catalog).
 */
export function checksSharedName(tenant: string | null): boolean {
  return tenant !== null && !currentTenantScope().engineWork;
}

/** The refusal of a tenant's new `kind` named `name` that would hide the shared one of that name. */
export function sharedNameRefusal(kind: 'component' | 'stack', name: string): NimbusError {
  return new NimbusError(
    kind === 'component' ? 'component_exists' : 'stack_exists',
    `A shared (provider-level) ${kind} is named ${excerpt(name)}, and your tenant sees and uses it; a ${kind} of your tenant may not hide it, so choose another name`,
    { name, shadows: 'provider' },
  );
}
