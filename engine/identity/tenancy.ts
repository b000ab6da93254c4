/**
 * Tenancy and role bindings, as pure rules over records the store returns. Tenants form a tree: the
 * provider at the root, tenants below it, sub-tenants below those. A role bound at a tenant applies
 * there and in every tenant below it (inherited downward, never upward). Provider-level catalog items
 * are visible to every tenant below and writable only where the caller holds the permission at the
 * item's own tenant.
 */
import { BUILT_IN_ROLES, isPermission, type BuiltInRoleName, type Permission } from '../common/permissions.js';
import { NimbusError } from '../errors.js';

/** One tenant; the provider is the tenant without a parent. */
export interface TenantNode {
  id: string;
  name: string;
  parent: string | null;
}

/** Who a binding grants to. */
export type Principal = { kind: 'user'; id: string } | { kind: 'group'; id: string };

/** A role granted to a principal at a tenant (and everything below it). */
export interface RoleBinding {
  principal: Principal;
  role: string;
  tenant: string;
}

/** A custom role: a name and its permissions. Built-in roles need no record. */
export interface CustomRole {
  name: string;
  permissions: readonly string[];
}

/** The tenant tree could not be walked: a cycle or a missing parent (corrupt records). */
export class TenancyError extends NimbusError {
  override name = 'TenancyError';
}

/** The ids from `tenant` up to the provider, `tenant` first. */
export function ancestry(tenant: string, tenants: ReadonlyMap<string, TenantNode>): string[] {
  const path: string[] = [];
  let current: string | null = tenant;
  while (current !== null) {
    if (path.includes(current)) {
      throw new TenancyError('tenant_cycle', `The tenant tree has a cycle through ${current}`, { tenant: current });
    }
    const node = tenants.get(current);
    if (!node) throw new TenancyError('not_found', `Unknown tenant ${current}`, { tenant: current });
    path.push(current);
    current = node.parent;
  }
  return path;
}

/** Whether `tenant` is `ancestor` or lies below it. */
export function isWithin(tenant: string, ancestor: string, tenants: ReadonlyMap<string, TenantNode>): boolean {
  return ancestry(tenant, tenants).includes(ancestor);
}

/** The permissions of a role by name; an unknown role grants nothing. */
export function permissionsOfRole(role: string, customRoles: ReadonlyMap<string, CustomRole>): Permission[] {
  if (role in BUILT_IN_ROLES) return [...BUILT_IN_ROLES[role as BuiltInRoleName]];
  return (customRoles.get(role)?.permissions ?? []).filter(isPermission);
}

/**
 * Every permission a user holds in `tenant`: the union of the roles bound to the user or to one of
 * the user's groups at `tenant` or any tenant above it.
 */
export function effectivePermissions(input: {
  user: string;
  groups: readonly string[];
  tenant: string;
  tenants: ReadonlyMap<string, TenantNode>;
  bindings: readonly RoleBinding[];
  customRoles: ReadonlyMap<string, CustomRole>;
}): Set<Permission> {
  const scopes = new Set(ancestry(input.tenant, input.tenants));
  const held = new Set<Permission>();
  for (const binding of input.bindings) {
    if (!scopes.has(binding.tenant)) continue;
    const applies = binding.principal.kind === 'user' ? binding.principal.id === input.user : input.groups.includes(binding.principal.id);
    if (!applies) continue;
    for (const permission of permissionsOfRole(binding.role, input.customRoles)) held.add(permission);
  }
  return held;
}
