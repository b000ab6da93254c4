import { describe, expect, it } from 'vitest';
import { runAsEngineWork } from '../../context/tenant-scope.js';
import type { Repositories } from '../ports/repositories.js';
import { asTenant, newDeployment, useStore, type StoreFactory } from './harness.js';

const T0 = '2026-12-01T00:00:00.000Z';

/** One record of (almost) every kind, written by tenant `t` with ids and names prefixed by `p`. */
async function populate(store: Repositories, p: string): Promise<{ topology: string }> {
  const topology = await store.topologies.create('office');
  await store.topologies.saveDraft(topology.id, 1, { schemaVersion: 1, nodes: [], wires: [] });
  await store.settings.update({ theme: 'dark' });
  await store.jobs.create({ id: `${p}-job`, kind: 'test', title: 'job', createdAt: T0 });
  await store.jobs.appendEvent({ jobId: `${p}-job`, seq: 1, at: T0, type: 'log', level: 'info', message: 'hello' } as never);
  const pool = {
    id: `${p}-pool`,
    scope: 'lz:home',
    name: 'corp',
    cidr: '10.0.0.0/16',
    family: 4 as const,
    prefix: 16,
    startKey: '0a000000',
    endKey: '0a00ffff',
    gateway: null,
    parentId: null,
    createdAt: T0,
  };
  await store.ipam.insertPool(pool);
  const allocation = {
    id: `${p}-alloc`,
    poolId: pool.id,
    kind: 'subnet' as const,
    value: '10.0.1.0/24',
    startKey: '0a000100',
    endKey: '0a0001ff',
    owner: `deployment:${p}-dep`,
    createdAt: T0,
  };
  await store.ipam.insertAllocation(allocation);
  await store.naming.insert({
    id: `${p}-name`,
    scope: 'env:dev',
    series: 'web',
    seq: 1,
    name: 'web-1',
    fqdn: 'web-1.dev',
    owner: 'o',
    createdAt: T0,
  });
  await store.secrets.insert({
    id: `${p}-secret`,
    scope: 'env:dev',
    name: 'db',
    ciphertext: Buffer.from([1]),
    iv: Buffer.alloc(12),
    tag: Buffer.alloc(16),
    origin: 'generated',
    owner: 'o',
    createdAt: T0,
  });
  await store.landingZones.insertZone({
    id: `${p}-zone`,
    name: 'home',
    provider: 'local',
    description: '',
    resolverConfig: {},
    createdAt: T0,
    updatedAt: T0,
  });
  await store.landingZones.insertTemplate({
    id: `${p}-tpl`,
    landingZoneId: `${p}-zone`,
    name: 'small',
    mandatoryComponents: [],
    resolverOverrides: {},
    createdAt: T0,
  });
  await store.landingZones.insertEnvironment({
    id: `${p}-env`,
    landingZoneId: `${p}-zone`,
    templateId: null,
    name: 'dev',
    resolverOverrides: {},
    createdAt: T0,
    updatedAt: T0,
  });
  await store.deployments.insert({ ...newDeployment(`${p}-dep`), stackName: `stack-${p}` });
  await store.deployments.saveTopologyDocument('dev', 'office', { p });
  await store.journal.openJournal(`${p}-dep`, 'up', null);
  await store.journal.tryLock('dev', `${p}-job`);
  await store.drift.recordDrift(`${p}-dep`, null, []);
  await store.cmdb.upsertCmdbItem({
    id: `${p}-ci`,
    deploymentId: `${p}-dep`,
    environment: 'dev',
    name: 'net',
    semanticType: 'VirtualNetwork',
    provider: 'local',
    providerId: null,
    urn: null,
    attributes: {},
  });
  return { topology: topology.id };
}

/**
 * Tenants never see each other's records: an id of another tenant's record reads exactly as an
 * unknown one, listings leave them out, writes to them change nothing; names are per tenant. Catalog
 * records of a tenant above are visible below and never writable there.
 */
export function tenancyContract(factory: StoreFactory): void {
  describe('tenant isolation', () => {
    const store = useStore(factory);

    it('hides every record of one tenant from another, by id and in listings, and lets both use the same names', async () => {
      const a = await asTenant('a', () => populate(store(), 'a'));
      const b = await asTenant('b', () => populate(store(), 'b'));
      await asTenant('b', async () => {
        const s = store();
        await expect(s.topologies.get(a.topology)).rejects.toMatchObject({ code: 'not_found' });
        await expect(s.topologies.getDraft(a.topology)).rejects.toMatchObject({ code: 'not_found' });
        await expect(s.topologies.save(a.topology, 1, { schemaVersion: 1, nodes: [], wires: [] })).rejects.toMatchObject({
          code: 'not_found',
        });
        await expect(s.topologies.delete(a.topology)).rejects.toMatchObject({ code: 'not_found' });
        expect(await s.topologies.discardDraft(a.topology)).toBe(false);
        expect((await s.topologies.list()).map((t) => t.id)).toEqual([b.topology]);
        await expect(s.jobs.get('a-job')).rejects.toMatchObject({ code: 'not_found' });
        expect(await s.jobs.visible('a-job')).toBe(false);
        expect(await s.jobs.visible('b-job')).toBe(true);
        expect(await s.jobs.visible('no-such-job')).toBe(false);
        expect(await s.jobs.events('a-job')).toEqual([]);
        expect((await s.jobs.list()).map((j) => j.id)).toEqual(['b-job']);
        expect(await s.ipam.poolById('a-pool')).toBeUndefined();
        expect(await s.ipam.generation('a-pool')).toBe(-1);
        expect(await s.ipam.liveAllocations('a-pool')).toEqual([]);
        expect(await s.ipam.allocationById('a-alloc')).toBeUndefined();
        expect((await s.ipam.pools()).map((p) => p.id)).toEqual(['b-pool']);
        expect((await s.ipam.liveByOwner('deployment:a-dep')).map((x) => x.id)).toEqual([]);
        expect(await s.ipam.usage()).toEqual([{ poolId: 'b-pool', kind: 'subnet', count: 1 }]);
        expect((await s.naming.list('env:dev')).map((n) => n.id)).toEqual(['b-name']);
        expect(await s.secrets.byId('a-secret')).toBeUndefined();
        expect((await s.secrets.list('env:dev')).map((x) => x.id)).toEqual(['b-secret']);
        expect(await s.landingZones.zone('a-zone')).toBeUndefined();
        expect((await s.landingZones.zone('home'))?.id).toBe('b-zone');
        expect(await s.landingZones.templateById('a-tpl')).toBeUndefined();
        expect(await s.landingZones.environment('a-env')).toBeUndefined();
        expect((await s.landingZones.environments()).map((e) => e.id)).toEqual(['b-env']);
        await expect(s.deployments.get('a-dep')).rejects.toMatchObject({ code: 'not_found' });
        expect(await s.deployments.find('a-dep')).toBeUndefined();
        await expect(s.deployments.update('a-dep', { status: 'failed' })).rejects.toMatchObject({ code: 'not_found' });
        expect((await s.deployments.list({ includeDestroyed: true })).map((d) => d.id)).toEqual(['b-dep']);
        expect(await s.deployments.topologyDocument('dev', 'office')).toEqual({ p: 'b' });
        expect(await s.journal.journal('a-dep')).toEqual([]);
        expect((await s.journal.unfinishedJournal()).map((j) => j.deploymentId)).toEqual(['b-dep']);
        expect((await s.journal.locks()).map((l) => l.jobId)).toEqual(['b-job']);
        expect(await s.drift.latestDrift('a-dep')).toBeUndefined();
        expect(await s.cmdb.activeCmdbItem('a-dep')).toBeUndefined();
        expect((await s.cmdb.cmdbItems()).map((c) => c.deploymentId)).toEqual(['b-dep']);
        expect(await s.deployments.allocationOwners()).toEqual(['deployment:b-dep']);
        expect(await s.audit.history('topology', a.topology)).toEqual([]);
        expect((await s.audit.list({ entity: 'topology' })).map((r) => r.entityId)).toEqual([b.topology]);
      });
      // Nothing B tried changed A's records.
      await asTenant('a', async () => {
        expect(await store().topologies.get(a.topology)).toMatchObject({ revision: 1 });
        expect(await store().deployments.get('a-dep')).toMatchObject({ status: 'pending' });
      });
      // Outside any call: the local tenant, which sees neither.
      expect(await store().topologies.list()).toEqual([]);
      expect(await store().ipam.pools()).toEqual([]);
      // The engine's own work sees both.
      expect((await runAsEngineWork('test', () => store().topologies.list())).map((t) => t.id).sort()).toEqual(
        [a.topology, b.topology].sort(),
      );
    });

    it('shows catalog records of a tenant above to the tenants below, never writable there', async () => {
      await store().identity.insertTenant({ id: 'prov', name: 'provider', parent: null, createdAt: T0 });
      await store().identity.insertTenant({ id: 'sub', name: 'sub', parent: 'prov', createdAt: T0 });
      await store().identity.insertTenant({ id: 'other', name: 'other', parent: 'prov', createdAt: T0 });
      const component = (id: string, tenant: string | null) => ({
        id,
        name: 'web',
        provider: 'local',
        semanticType: 'Container',
        tenant,
        description: id,
        system: false,
        draft: {},
        createdAt: T0,
      });
      await asTenant('prov', async () => {
        await store().components.insert(component('c-prov', 'prov'));
        await store().landingZones.insertZone({
          id: 'z-prov',
          name: 'home',
          provider: 'local',
          description: '',
          resolverConfig: {},
          createdAt: T0,
          updatedAt: T0,
        });
        await store().stacks.insert({
          id: 's-prov',
          name: 'web',
          tenant: null,
          description: '',
          draft: {},
          forkedFromStack: null,
          forkedFromVersion: null,
          createdAt: T0,
        });
      });
      await asTenant('sub', async () => {
        const s = store();
        expect((await s.components.byName('web', 'sub'))?.id).toBe('c-prov');
        expect((await s.components.byId('c-prov'))?.id).toBe('c-prov');
        expect((await s.landingZones.zone('home'))?.id).toBe('z-prov');
        expect((await s.stacks.visible('sub')).map((x) => x.id)).toEqual(['s-prov']);
        await expect(s.components.saveDraft('c-prov', 1, {}, 'mine now', T0)).rejects.toMatchObject({ code: 'forbidden' });
        await expect(
          s.components.insertVersion({
            componentId: 'c-prov',
            version: 1,
            definition: {},
            changelog: '',
            publishedAt: T0,
            publishedBy: 'x',
          }),
        ).rejects.toMatchObject({ code: 'forbidden' });
        await expect(s.stacks.saveDraft('s-prov', 1, {}, 'mine now', T0)).rejects.toMatchObject({ code: 'forbidden' });
        await expect(
          s.landingZones.insertTemplate({
            id: 't-x',
            landingZoneId: 'z-prov',
            name: 'x',
            mandatoryComponents: [],
            resolverOverrides: {},
            createdAt: T0,
          }),
        ).rejects.toMatchObject({ code: 'forbidden' });
        await expect(s.components.insert(component('c-shared', null))).rejects.toMatchObject({ code: 'forbidden' });
        await expect(s.components.insert(component('c-for-other', 'other'))).rejects.toMatchObject({ code: 'forbidden' });
        await expect(s.components.savePolicy('prov', { deny: [] }, T0)).rejects.toMatchObject({ code: 'forbidden' });
        // Its own component of that name wins over the provider's.
        await s.components.insert(component('c-sub', 'sub'));
        expect((await s.components.byName('web', 'sub'))?.id).toBe('c-sub');
      });
      await asTenant('other', async () => {
        expect((await store().components.visible('other')).map((c) => c.id)).toEqual(['c-prov']);
        await expect(
          store().components.insertVersion({
            componentId: 'c-sub',
            version: 1,
            definition: {},
            changelog: '',
            publishedAt: T0,
            publishedBy: 'x',
          }),
        ).rejects.toMatchObject({ code: 'not_found' });
      });
      // A tenant above does not see what the tenants below own.
      await asTenant('prov', async () => {
        expect((await store().components.visible('prov')).map((c) => c.id)).toEqual(['c-prov']);
        expect(await store().components.saveDraft('c-prov', 1, {}, 'v2', T0)).toBe(true);
      });
    });

    it('keeps component and stack names per tenant, and refuses a tenant name that would hide a shared one', async () => {
      await store().identity.insertTenant({ id: 'prov', name: 'provider', parent: null, createdAt: T0 });
      await store().identity.insertTenant({ id: 'a', name: 'a', parent: 'prov', createdAt: T0 });
      await store().identity.insertTenant({ id: 'b', name: 'b', parent: 'prov', createdAt: T0 });
      const component = (id: string, name: string, tenant: string | null) => ({
        id,
        name,
        provider: 'local',
        semanticType: 'Container',
        tenant,
        description: id,
        system: false,
        draft: {},
        createdAt: T0,
      });
      const stack = (id: string, name: string, tenant: string | null) => ({
        id,
        name,
        tenant,
        description: id,
        draft: {},
        forkedFromStack: null,
        forkedFromVersion: null,
        createdAt: T0,
      });
      // Two tenants use one name, each for its own record, and each finds its own by it.
      for (const t of ['a', 'b']) {
        await asTenant(t, async () => {
          await store().components.insert(component(`c-${t}`, 'web', t));
          await store().stacks.insert(stack(`s-${t}`, 'shop', t));
        });
      }
      for (const t of ['a', 'b']) {
        await asTenant(t, async () => {
          expect((await store().components.byName('web', t))?.id).toBe(`c-${t}`);
          expect((await store().stacks.byName('shop', t))?.id).toBe(`s-${t}`);
          expect((await store().components.visible(t)).map((c) => c.id)).toEqual([`c-${t}`]);
        });
      }
      // A name is unique within a tenant.
      await expect(asTenant('a', () => store().components.insert(component('c-a2', 'web', 'a')))).rejects.toThrow();
      // The provider's shared records: unique among themselves, whatever names tenants below use.
      await asTenant('prov', async () => {
        await store().components.insert(component('c-shared', 'web', null));
        await store().components.insert(component('c-db', 'db', null));
        await store().stacks.insert(stack('s-db', 'db-pair', null));
        await expect(store().components.insert(component('c-db2', 'db', null))).rejects.toThrow();
      });
      // A tenant's own record still wins over a shared one it had before.
      expect((await asTenant('a', () => store().components.byName('web', 'a')))?.id).toBe('c-a');
      // A new tenant record may not hide a shared one the tenant sees: the refusal says so, and nothing is written.
      for (const t of ['a', 'prov']) {
        await asTenant(t, async () => {
          await expect(store().components.insert(component(`c-${t}-db`, 'db', t))).rejects.toMatchObject({
            code: 'component_exists',
            message: expect.stringContaining('shared (provider-level) component'),
            details: { name: 'db', shadows: 'provider' },
          });
          await expect(store().stacks.insert(stack(`s-${t}-db`, 'db-pair', t))).rejects.toMatchObject({
            code: 'stack_exists',
            details: { name: 'db-pair', shadows: 'provider' },
          });
          expect((await store().components.byName('db', t))?.id).toBe('c-db');
          expect((await store().stacks.byName('db-pair', t))?.id).toBe('s-db');
        });
      }
      // The engine's own work (the built-in catalog) is not refused by the names tenants use.
      await runAsEngineWork('test', () => store().components.insert(component('c-engine', 'shop', null)));
    });

    it("gives what the engine's own work adds under a record the record's tenant", async () => {
      await asTenant('a', () => store().jobs.create({ id: 'a-job', kind: 'k', title: 't', createdAt: T0 }));
      await asTenant('a', () => store().topologies.create('office'));
      await runAsEngineWork('test', async () => {
        await store().jobs.appendEvent({ jobId: 'a-job', seq: 1, at: T0, type: 'job.log', level: 'info', message: 'recovered' } as never);
        // A record of its own, with no parent, belongs to the engine's tenant (the local one), not to A.
        await store().jobs.create({ id: 'engine-job', kind: 'k', title: 'recovery', createdAt: T0 });
      });
      expect(await asTenant('a', () => store().jobs.events('a-job'))).toHaveLength(1);
      expect(await asTenant('b', () => store().jobs.events('a-job'))).toEqual([]);
      expect((await asTenant('a', () => store().jobs.list())).map((j) => j.id)).toEqual(['a-job']);
      expect((await store().jobs.list()).map((j) => j.id)).toEqual(['engine-job']);
    });

    it('keeps the tenant of the call inside a unit of work', async () => {
      const created = await asTenant('a', () => store().unitOfWork((tx) => tx.topologies.create('in a unit')));
      expect(await asTenant('b', () => store().unitOfWork((tx) => tx.topologies.list()))).toEqual([]);
      expect((await asTenant('a', () => store().unitOfWork((tx) => tx.topologies.list()))).map((t) => t.id)).toEqual([created.id]);
    });
  });
}
