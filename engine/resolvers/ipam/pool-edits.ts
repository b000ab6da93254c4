import { z } from 'zod';
import { parseOrThrow } from '../../api/validate.js';
import { currentTenantScope, LOCAL_TENANT, TenantScopeError } from '../../context/tenant-scope.js';
import { NotFoundError } from '../../errors.js';
import { audit, list, plural, type Removed, type UsedBy } from '../../landing-zones/landing-zone-edits.js';
import type { Repositories } from '../../store/ports/repositories.js';
import type { PoolRecord } from '../../store/ports/resolver-records.js';
import type { RepositoryScope } from '../../store/ports/store-port.js';
import { IpamError, type IpamPool, type IpamService, type PoolRef } from './ipam-service.js';

const PoolName = z
  .string()
  .max(100)
  .refine((name) => name.trim().length > 0 && name.trim() === name, 'must not be empty or start or end with a space');

/** Where a resolver configuration names a pool (landing zone, template or environment) and how to rewrite it. */
interface ConfigReference extends UsedBy {
  rewrite(name: string): Promise<unknown>;
}

/**
 * Renames and deletes of IPAM pools. A rename rewrites the resolver configurations (landing zones,
 * templates, environments) that name the pool in the same unit of work, so they keep resolving to
 * it; allocations point at pools by id and need nothing. A delete is refused (`ipam_in_use`) while
 * the pool has live allocations or child pools, or a resolver configuration names it; deleting a
 * child pool gives its block back to the parent. Both are audited in their unit of work.
 */
export class PoolEdits {
  constructor(
    private readonly store: RepositoryScope,
    private readonly ipam: IpamService,
  ) {}

  /** Renames a pool; refused (`ipam_pool_exists`) when its scope already has a pool of that name. */
  async renamePool(input: PoolRef & { name: string }): Promise<IpamPool> {
    const name = parseOrThrow(PoolName, input.name, 'pool name');
    const id = await this.store.unitOfWork(async (tx) => {
      const pool = await poolOf(tx, input);
      if (name === pool.name) return pool.id;
      const clash = await tx.ipam.poolByName(pool.scope, name);
      if (clash && clash.id !== pool.id) {
        throw new IpamError('ipam_pool_exists', `A pool named ${JSON.stringify(name)} already exists in scope ${pool.scope}`, {
          scope: pool.scope,
          name,
        });
      }
      // A component's binding names the pool as its author wrote it, and published versions never
      // change: renaming under them would leave their plans naming a pool that is gone.
      const components = await componentReferences(tx, pool);
      if (components.length > 0) {
        throw new IpamError(
          'ipam_in_use',
          `Pool ${pool.name} cannot be renamed: the IPAM bindings of ${list(components.map((user) => `component ${user.name}`))} name it, and published versions do not change; make a new pool under the new name instead`,
          { pool: pool.name, usedBy: components },
        );
      }
      if (!(await tx.ipam.renamePool(pool.id, name))) throw new NotFoundError('IPAM pool', input.pool);
      const rewritten: UsedBy[] = [];
      for (const reference of await configReferences(tx, pool, false)) {
        try {
          await reference.rewrite(name);
          rewritten.push({ kind: reference.kind, name: reference.name });
        } catch (error) {
          // A zone of a tenant above names a pool of that name in its own scope, not this one.
          if (!(error instanceof TenantScopeError)) throw error;
        }
      }
      await audit(
        tx,
        'ipam_pool.update',
        'ipam_pool',
        pool.id,
        { name: pool.name },
        { name, references: rewritten },
        new Date().toISOString(),
      );
      return pool.id;
    });
    return this.ipam.getPool({ pool: id });
  }

  /** Deletes an unused pool; `ipam_in_use` names what still uses it. */
  async deletePool(input: PoolRef): Promise<Removed> {
    return this.store.unitOfWork(async (tx) => {
      const pool = await poolOf(tx, input);
      // Reading the generation first locks the pool on PostgreSQL: an allocation waits for this unit.
      await tx.ipam.generation(pool.id);
      const users: UsedBy[] = (await tx.ipam.liveAllocations(pool.id)).map((row) => ({
        kind: row.kind === 'child_pool' ? 'child pool' : row.kind,
        name: `${row.value} (${row.owner})`,
      }));
      users.push(...(await configReferences(tx, pool, true)).map(({ kind, name }) => ({ kind, name })));
      users.push(...(await componentReferences(tx, pool)));
      if (users.length > 0) {
        throw new IpamError(
          'ipam_in_use',
          `Pool ${pool.name} (${pool.cidr}) is in use by ${plural(users.length, 'user')}: ${list(users.map((user) => `${user.kind} ${user.name}`))}`,
          { pool: pool.name, usedBy: users },
        );
      }
      const at = new Date().toISOString();
      if (pool.parentId) {
        const holder = (await tx.ipam.liveAllocations(pool.parentId)).find((row) => row.kind === 'child_pool' && row.value === pool.cidr);
        if (holder) await tx.ipam.release(holder, at);
      }
      await tx.ipam.deletePool(pool.id, at);
      await audit(
        tx,
        'ipam_pool.delete',
        'ipam_pool',
        pool.id,
        { name: pool.name, scope: pool.scope, cidr: pool.cidr, parentId: pool.parentId },
        null,
        at,
      );
      return { id: pool.id, name: pool.name };
    });
  }
}

async function poolOf(tx: Repositories, ref: PoolRef): Promise<PoolRecord> {
  const pool = (await tx.ipam.poolById(ref.pool)) ?? (await tx.ipam.poolByName(ref.scope ?? 'global', ref.pool));
  if (!pool) throw new NotFoundError('IPAM pool', ref.pool);
  return pool;
}

/**
 * The components this scope sees whose IPAM bindings name `pool` (by name, so only a global pool),
 * each with where: its draft and which published versions.
 */
async function componentReferences(tx: Repositories, pool: PoolRecord): Promise<UsedBy[]> {
  if (pool.scope !== 'global') return [];
  const users: UsedBy[] = [];
  for (const component of await tx.components.visible(currentTenantScope().tenant ?? LOCAL_TENANT)) {
    const where = namesPool(component.draft, pool.name) ? ['draft'] : [];
    for (const version of await tx.components.versions(component.id))
      if (namesPool(version.definition, pool.name)) where.push(`version ${version.version}`);
    if (where.length > 0) users.push({ kind: 'component', name: `${component.name} (${where.join(', ')})` });
  }
  return users;
}

/** Whether a component's content binds an input to the IPAM resolver with this pool. */
function namesPool(content: unknown, pool: string): boolean {
  const bindings = (content as { resolverBindings?: Record<string, unknown> } | null)?.resolverBindings ?? {};
  return Object.values(bindings).some((binding) => {
    const ipam = binding as { resolver?: unknown; pool?: unknown } | null;
    return ipam?.resolver === 'ipam' && ipam.pool === pool;
  });
}

/**
 * The resolver configurations that name `pool` as their `ipam.pool`: by name (resolution looks names
 * up in scope `global`, so only a global pool is named so) and, when `byId`, by id too.
 */
async function configReferences(tx: Repositories, pool: PoolRecord, byId: boolean): Promise<ConfigReference[]> {
  const names = (value: unknown): boolean => {
    const named = (value as { ipam?: { pool?: unknown } } | undefined)?.ipam?.pool;
    return (pool.scope === 'global' && named === pool.name) || (byId && named === pool.id);
  };
  const withPool = <T extends Record<string, unknown>>(config: T, name: string): T => ({
    ...config,
    ipam: { ...(config.ipam as Record<string, unknown>), pool: name },
  });
  const references: ConfigReference[] = [];
  for (const zone of await tx.landingZones.zones()) {
    if (names(zone.resolverConfig)) {
      references.push({
        kind: 'landing zone',
        name: zone.name,
        rewrite: (name) => tx.landingZones.updateZone({ ...zone, resolverConfig: withPool(zone.resolverConfig, name) }),
      });
    }
    for (const template of await tx.landingZones.templates(zone.id)) {
      if (!names(template.resolverOverrides)) continue;
      references.push({
        kind: 'template',
        name: `${zone.name}/${template.name}`,
        rewrite: (name) => tx.landingZones.updateTemplate({ ...template, resolverOverrides: withPool(template.resolverOverrides, name) }),
      });
    }
  }
  for (const environment of await tx.landingZones.environments()) {
    if (!names(environment.resolverOverrides)) continue;
    references.push({
      kind: 'environment',
      name: environment.name,
      rewrite: (name) =>
        tx.landingZones.updateEnvironment({ ...environment, resolverOverrides: withPool(environment.resolverOverrides, name) }),
    });
  }
  return references;
}
