import { describe, expect, it } from 'vitest';
import { LandingZoneEdits } from '../../landing-zones/landing-zone-edits.js';
import { LandingZoneService } from '../../landing-zones/landing-zone-service.js';
import { IpamService } from '../../resolvers/ipam/ipam-service.js';
import { PoolEdits } from '../../resolvers/ipam/pool-edits.js';
import type { StorePort } from '../ports/store-port.js';
import { asTenant, newDeployment, useStore, type StoreFactory } from './harness.js';

/** The services that edit and delete, over the store under test. */
function servicesOf(store: StorePort) {
  const landingZones = new LandingZoneService(store, ['local']);
  const ipam = new IpamService(store);
  return { landingZones, ipam, edits: new LandingZoneEdits(store, landingZones), pools: new PoolEdits(store, ipam) };
}

/** Edits and deletes of landing zones, templates, environments and pools, with their safety rules. */
export function landingZoneEditsContract(factory: StoreFactory): void {
  describe('landing zone, template, environment and pool edits', () => {
    const store = useStore(factory);

    it('keeps component defaults of templates, and none for a template inserted without them', async () => {
      const { landingZones } = servicesOf(store());
      await landingZones.createLandingZone({ name: 'home', provider: 'local' });
      const created = await landingZones.createTemplate({
        landingZone: 'home',
        name: 'small',
        mandatoryComponents: ['local-network'],
        componentDefaults: { 'local-network': { cidr: '10.1.0.0/24', mtu: 1500, tags: { a: [1, null] } } },
      });
      expect(created.componentDefaults).toEqual({ 'local-network': { cidr: '10.1.0.0/24', mtu: 1500, tags: { a: [1, null] } } });
      await store().landingZones.insertTemplate({
        id: 'bare',
        landingZoneId: (await landingZones.getLandingZone('home')).id,
        name: 'bare',
        mandatoryComponents: [],
        resolverOverrides: {},
        createdAt: '2026-12-01T00:00:00.000Z',
      });
      expect((await store().landingZones.templateById('bare'))?.componentDefaults).toEqual({});
      const environment = await landingZones.createEnvironment({ name: 'dev', landingZone: 'home', template: 'small' });
      expect(environment.componentDefaults).toEqual(created.componentDefaults);
      await expect(
        landingZones.createTemplate({ landingZone: 'home', name: 'odd', mandatoryComponents: ['a'], componentDefaults: { b: { x: 1 } } }),
      ).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('"b" is not a mandatory component') });
      await expect(
        landingZones.createTemplate({ landingZone: 'home', name: 'odd', mandatoryComponents: ['a'], componentDefaults: { a: 'x' } }),
      ).rejects.toMatchObject({ code: 'invalid_input' });
    });

    it('renames a landing zone under its environments and refuses its delete while they exist, naming them', async () => {
      const { landingZones, edits } = servicesOf(store());
      const zone = await landingZones.createLandingZone({ name: 'home', provider: 'local' });
      await landingZones.createTemplate({ landingZone: 'home', name: 'small' });
      await landingZones.createEnvironment({ name: 'dev', landingZone: 'home', template: 'small' });
      await landingZones.createLandingZone({ name: 'taken', provider: 'local' });

      const renamed = await edits.updateLandingZone({
        landingZone: 'home',
        name: 'house',
        description: 'at home',
        expectedUpdatedAt: zone.updatedAt,
      });
      expect(renamed).toMatchObject({ id: zone.id, name: 'house', description: 'at home' });
      expect(renamed.updatedAt > zone.updatedAt).toBe(true);
      expect(await landingZones.getEnvironment('dev')).toMatchObject({ landingZone: 'house', template: 'small' });
      await expect(edits.updateLandingZone({ landingZone: 'house', name: 'x', expectedUpdatedAt: zone.updatedAt })).rejects.toMatchObject({
        code: 'revision_conflict',
      });
      await expect(edits.updateLandingZone({ landingZone: 'house', name: 'taken' })).rejects.toMatchObject({ code: 'landing_zone_exists' });
      await expect(edits.updateLandingZone({ landingZone: 'house', name: '' })).rejects.toMatchObject({ code: 'invalid_input' });
      await expect(edits.updateLandingZone({ landingZone: 'house', resolverConfig: { ipam: { pool: 5 } } })).rejects.toMatchObject({
        code: 'invalid_input',
      });
      await expect(edits.updateLandingZone({ landingZone: 'nowhere', name: 'x' })).rejects.toMatchObject({ code: 'not_found' });

      await expect(edits.deleteLandingZone({ landingZone: 'house' })).rejects.toMatchObject({
        code: 'landing_zone_in_use',
        message: expect.stringContaining('dev'),
        details: { usedBy: [{ kind: 'environment', name: 'dev' }] },
      });
      await edits.deleteEnvironment({ environment: 'dev' });
      // What belongs to the zone alone (its cloud account, its rate card) goes with it.
      const at = new Date().toISOString();
      await store().costs.saveRateCard({
        landingZoneId: zone.id,
        currency: 'USD',
        perCore: 1,
        perGbRam: 1,
        perGbDisk: 1,
        updatedAt: at,
        updatedBy: 'admin',
      });
      const sealed = Buffer.from('sealed');
      await store().cloudAccounts.put({
        landingZoneId: zone.id,
        provider: 'local',
        settings: {},
        ciphertext: sealed,
        iv: sealed,
        tag: sealed,
        secretSetAt: at,
        createdAt: at,
        updatedAt: at,
      });
      expect(await edits.deleteLandingZone({ landingZone: 'house' })).toEqual({ id: zone.id, name: 'house' });
      expect(await store().costs.rateCard(zone.id)).toBeUndefined();
      expect(await store().cloudAccounts.get(zone.id)).toBeUndefined();
      expect((await store().audit.list({ entity: 'rate-card' })).map((row) => row.action)).toContain('rate-card.remove');
      await expect(landingZones.getLandingZone(zone.id)).rejects.toMatchObject({ code: 'not_found' });
      expect(await store().landingZones.templates(zone.id)).toEqual([]);
      // The name is free again.
      await landingZones.createLandingZone({ name: 'house', provider: 'local' });
      const actions = (await store().audit.list({ entity: 'landing_zone' })).map((row) => row.action);
      expect(actions).toEqual(['landing_zone.delete', 'landing_zone.update']);
    });

    it('refuses to delete a landing zone while a tenant below has an environment in it, naming it with its tenant', async () => {
      const T0 = '2026-12-01T00:00:00.000Z';
      await store().identity.insertTenant({ id: 'prov', name: 'provider', parent: null, createdAt: T0 });
      await store().identity.insertTenant({ id: 'sub', name: 'sub', parent: 'prov', createdAt: T0 });
      const { landingZones, edits } = servicesOf(store());
      await asTenant('prov', () => landingZones.createLandingZone({ name: 'shared', provider: 'local' }));
      await asTenant('sub', () => landingZones.createEnvironment({ name: 'qa', landingZone: 'shared' }));
      // The provider sees no environment of its own in the zone; the sub-tenant's is found all the same.
      expect(await asTenant('prov', () => store().landingZones.environments())).toEqual([]);
      const refused = await asTenant('prov', () => edits.deleteLandingZone({ landingZone: 'shared' })).catch((error: unknown) => error);
      expect(refused).toMatchObject({
        code: 'landing_zone_in_use',
        details: { usedBy: [{ kind: 'environment', name: 'qa (tenant sub)' }] },
      });
      expect((refused as Error).message).toContain('qa (tenant sub)');
      // The read past the filter left the unit of work's scope as it was: the provider still sees only its own.
      expect(await asTenant('prov', () => store().landingZones.environments())).toEqual([]);
      await asTenant('sub', () => edits.deleteEnvironment({ environment: 'qa' }));
      await expect(asTenant('prov', () => edits.deleteLandingZone({ landingZone: 'shared' }))).resolves.toMatchObject({ name: 'shared' });
    });

    it('edits a template and refuses its delete while an environment uses it', async () => {
      const { landingZones, edits } = servicesOf(store());
      await landingZones.createLandingZone({ name: 'home', provider: 'local' });
      const template = await landingZones.createTemplate({ landingZone: 'home', name: 'small', mandatoryComponents: ['a'] });
      await landingZones.createTemplate({ landingZone: 'home', name: 'large' });
      const edited = await edits.updateTemplate({
        landingZone: 'home',
        template: 'small',
        name: 'smaller',
        mandatoryComponents: ['a', 'b', 'a'],
        componentDefaults: { b: { size: 2 } },
      });
      expect(edited).toMatchObject({
        id: template.id,
        name: 'smaller',
        mandatoryComponents: ['a', 'b'],
        componentDefaults: { b: { size: 2 } },
      });
      await expect(edits.updateTemplate({ landingZone: 'home', template: 'smaller', name: 'large' })).rejects.toMatchObject({
        code: 'template_exists',
      });
      // Dropping a component that still has defaults is refused: the defaults would name a stranger.
      await expect(edits.updateTemplate({ landingZone: 'home', template: 'smaller', mandatoryComponents: ['a'] })).rejects.toMatchObject({
        code: 'invalid_input',
      });
      await landingZones.createEnvironment({ name: 'dev', landingZone: 'home', template: 'smaller' });
      expect(await landingZones.getEnvironment('dev')).toMatchObject({
        mandatoryComponents: ['a', 'b'],
        componentDefaults: { b: { size: 2 } },
      });
      await expect(edits.deleteTemplate({ landingZone: 'home', template: 'smaller' })).rejects.toMatchObject({
        code: 'template_in_use',
        details: { usedBy: [{ kind: 'environment', name: 'dev' }] },
      });
      expect(await edits.deleteTemplate({ landingZone: 'home', template: 'large' })).toMatchObject({ name: 'large' });
      await expect(edits.deleteTemplate({ landingZone: 'home', template: 'large' })).rejects.toMatchObject({ code: 'not_found' });
      const rows = await store().audit.history('environment_template', template.id);
      expect(rows.map((row) => row.action)).toEqual(['environment_template.update']);
    });

    it('renames an unused environment, and refuses rename and delete while a deployment holds its name', async () => {
      const { landingZones, edits } = servicesOf(store());
      await landingZones.createLandingZone({ name: 'home', provider: 'local' });
      const environment = await landingZones.createEnvironment({ name: 'dev', landingZone: 'home' });
      await landingZones.createEnvironment({ name: 'prod', landingZone: 'home' });
      const renamed = await edits.updateEnvironment({ environment: 'dev', name: 'test', resolverOverrides: { secret: { length: 40 } } });
      expect(renamed).toMatchObject({ id: environment.id, name: 'test', effective: { config: { secret: { length: 40 } } } });
      await expect(edits.updateEnvironment({ environment: 'test', name: 'prod' })).rejects.toMatchObject({ code: 'environment_exists' });
      await expect(edits.updateEnvironment({ environment: environment.id, name: '-bad' })).rejects.toMatchObject({ code: 'invalid_input' });

      await store().deployments.insert(newDeployment('d-1', 'test', 'office'));
      await expect(edits.updateEnvironment({ environment: 'test', name: 'qa' })).rejects.toMatchObject({
        code: 'environment_in_use',
        details: { usedBy: [{ kind: 'deployment', name: 'office/Label d-1' }] },
      });
      // Overrides still change: nothing refers to them.
      await edits.updateEnvironment({ environment: 'test', resolverOverrides: {} });
      await expect(edits.deleteEnvironment({ environment: 'test' })).rejects.toMatchObject({
        code: 'environment_in_use',
        message: expect.stringContaining('1 deployment (office/Label d-1)'),
      });
      expect(await landingZones.getEnvironment('test')).toMatchObject({ id: environment.id });
      expect(await edits.deleteEnvironment({ environment: 'prod' })).toMatchObject({ name: 'prod' });
      await expect(landingZones.getEnvironment('prod')).rejects.toMatchObject({ code: 'not_found' });
      expect((await store().audit.history('environment', environment.id)).map((row) => row.action)).toEqual([
        'environment.update',
        'environment.update',
      ]);
    });

    it('renames a pool with the resolver configurations naming it, and refuses a duplicate name', async () => {
      const { landingZones, ipam, pools } = servicesOf(store());
      const pool = await ipam.createPool({ name: 'corp', cidr: '10.0.0.0/16' });
      await ipam.createPool({ name: 'lab', cidr: '10.1.0.0/16' });
      await landingZones.createLandingZone({ name: 'home', provider: 'local', resolverConfig: { ipam: { pool: 'corp' } } });
      await landingZones.createTemplate({ landingZone: 'home', name: 'small', resolverOverrides: { ipam: { pool: 'corp' } } });
      await landingZones.createEnvironment({
        name: 'dev',
        landingZone: 'home',
        resolverOverrides: { ipam: { pool: 'corp' }, secret: { length: 9 } },
      });
      const renamed = await pools.renamePool({ pool: 'corp', name: 'office' });
      expect(renamed).toMatchObject({ id: pool.id, name: 'office' });
      expect((await landingZones.getLandingZone('home')).resolverConfig).toEqual({ ipam: { pool: 'office' } });
      expect((await landingZones.getLandingZone('home')).templates[0]?.resolverOverrides).toEqual({ ipam: { pool: 'office' } });
      expect((await landingZones.getEnvironment('dev')).resolverOverrides).toEqual({ ipam: { pool: 'office' }, secret: { length: 9 } });
      await expect(pools.renamePool({ pool: 'office', name: 'lab' })).rejects.toMatchObject({ code: 'ipam_pool_exists' });
      await expect(pools.renamePool({ pool: 'office', name: ' ' })).rejects.toMatchObject({ code: 'invalid_input' });
      await expect(pools.renamePool({ pool: 'nope', name: 'x' })).rejects.toMatchObject({ code: 'not_found' });
      const [row] = await store().audit.history('ipam_pool', pool.id);
      expect(row).toMatchObject({ action: 'ipam_pool.update', oldValue: { name: 'corp' } });
      expect((row?.newValue as { references: unknown[] }).references).toHaveLength(3);
    });

    it('refuses to rename or delete a pool that a component’s IPAM binding names, naming the component and where', async () => {
      const { ipam, pools } = servicesOf(store());
      await ipam.createPool({ name: 'corp', cidr: '10.0.0.0/16' });
      const T0 = '2026-12-01T00:00:00.000Z';
      const content = (pool: string) => ({ resolverBindings: { ip: { resolver: 'ipam', pool }, name: { resolver: 'naming' } } });
      await store().components.insert({
        id: 'c-web',
        name: 'web',
        provider: 'local',
        semanticType: 'VirtualMachine',
        tenant: null,
        description: '',
        system: false,
        draft: content('elsewhere'),
        createdAt: T0,
      });
      await store().components.insertVersion({
        componentId: 'c-web',
        version: 1,
        definition: content('corp'),
        changelog: '',
        publishedAt: T0,
        publishedBy: 't',
      });
      await store().components.insertVersion({
        componentId: 'c-web',
        version: 2,
        definition: content('elsewhere'),
        changelog: '',
        publishedAt: T0,
        publishedBy: 't',
      });
      const renamed = await pools.renamePool({ pool: 'corp', name: 'office' }).catch((error: unknown) => error);
      expect(renamed).toMatchObject({ code: 'ipam_in_use', details: { usedBy: [{ kind: 'component', name: 'web (version 1)' }] } });
      expect((renamed as Error).message).toContain('published versions do not change');
      await expect(pools.deletePool({ pool: 'corp' })).rejects.toMatchObject({
        code: 'ipam_in_use',
        details: { usedBy: [{ kind: 'component', name: 'web (version 1)' }] },
      });
      expect((await ipam.getPool({ pool: 'corp' })).name).toBe('corp');
    });

    it('refuses to delete a pool with allocations or named by a configuration, and gives a child pool back to its parent', async () => {
      const { landingZones, ipam, pools } = servicesOf(store());
      const parent = await ipam.createPool({ name: 'corp', cidr: '10.0.0.0/16' });
      const child = await ipam.createPool({ name: 'lab', cidr: '10.0.4.0/24', parent: 'corp' });
      const address = await ipam.allocate({ pool: 'lab' }, { kind: 'address' }, 'deployment:web');
      await expect(pools.deletePool({ pool: 'corp' })).rejects.toMatchObject({
        code: 'ipam_in_use',
        details: { usedBy: [{ kind: 'child pool' }] },
      });
      await expect(pools.deletePool({ pool: 'lab' })).rejects.toMatchObject({
        code: 'ipam_in_use',
        message: expect.stringContaining('deployment:web'),
      });
      await ipam.release({ id: address.id });
      expect(await pools.deletePool({ pool: child.id })).toEqual({ id: child.id, name: 'lab' });
      expect((await ipam.getPool({ pool: parent.id })).used).toBe('0');
      await landingZones.createLandingZone({ name: 'home', provider: 'local', resolverConfig: { ipam: { pool: parent.id } } });
      await expect(pools.deletePool({ pool: 'corp' })).rejects.toMatchObject({
        code: 'ipam_in_use',
        details: { usedBy: [{ kind: 'landing zone', name: 'home' }] },
      });
      await servicesOf(store()).edits.updateLandingZone({ landingZone: 'home', resolverConfig: {} });
      await pools.deletePool({ pool: 'corp' });
      expect(await ipam.listPools()).toEqual([]);
      expect((await store().audit.list({ entity: 'ipam_pool' })).map((row) => row.action)).toEqual([
        'ipam_pool.delete',
        'ipam_pool.delete',
      ]);
    });

    it('never both deletes a pool and allocates from it when the two run at once', async () => {
      for (let round = 0; round < 4; round += 1) {
        const { ipam, pools } = servicesOf(store());
        await ipam.createPool({ name: `p${round}`, cidr: `10.${round}.0.0/24` });
        const [deleted, allocated] = await Promise.allSettled([
          pools.deletePool({ pool: `p${round}` }),
          ipam.allocate({ pool: `p${round}` }, { kind: 'address' }, 'deployment:x'),
        ]);
        expect([deleted.status, allocated.status].filter((status) => status === 'fulfilled')).toHaveLength(1);
        if (deleted.status === 'rejected') expect(deleted.reason).toMatchObject({ code: 'ipam_in_use' });
        if (allocated.status === 'rejected') expect(allocated.reason).toMatchObject({ code: 'not_found' });
      }
    });

    it("treats another tenant's landing zone, environment and pool as unknown and leaves them as they are", async () => {
      const created = await asTenant('acme', async () => {
        const { landingZones, ipam } = servicesOf(store());
        const zone = await landingZones.createLandingZone({ name: 'home', provider: 'local' });
        await landingZones.createTemplate({ landingZone: 'home', name: 'small' });
        const environment = await landingZones.createEnvironment({ name: 'dev', landingZone: 'home' });
        const pool = await ipam.createPool({ name: 'corp', cidr: '10.0.0.0/16' });
        return { zone, environment, pool };
      });
      await asTenant('globex', async () => {
        const { edits, pools } = servicesOf(store());
        await expect(edits.updateLandingZone({ landingZone: created.zone.id, name: 'mine' })).rejects.toMatchObject({ code: 'not_found' });
        await expect(edits.deleteLandingZone({ landingZone: created.zone.id })).rejects.toMatchObject({ code: 'not_found' });
        await expect(edits.deleteTemplate({ landingZone: created.zone.id, template: 'small' })).rejects.toMatchObject({
          code: 'not_found',
        });
        await expect(edits.updateEnvironment({ environment: created.environment.id, name: 'mine' })).rejects.toMatchObject({
          code: 'not_found',
        });
        await expect(edits.deleteEnvironment({ environment: created.environment.id })).rejects.toMatchObject({ code: 'not_found' });
        await expect(pools.renamePool({ pool: created.pool.id, name: 'mine' })).rejects.toMatchObject({ code: 'not_found' });
        await expect(pools.deletePool({ pool: created.pool.id })).rejects.toMatchObject({ code: 'not_found' });
        // The repositories refuse a direct write as well: nothing of acme's changes.
        expect(await store().landingZones.deleteEnvironment(created.environment.id, '2026-12-02T00:00:00.000Z')).toBe(false);
        expect(await store().ipam.renamePool(created.pool.id, 'mine')).toBe(false);
      });
      await asTenant('acme', async () => {
        const { landingZones, ipam } = servicesOf(store());
        expect(await landingZones.getLandingZone(created.zone.id)).toMatchObject({ name: 'home', templates: [{ name: 'small' }] });
        expect(await landingZones.getEnvironment(created.environment.id)).toMatchObject({ name: 'dev' });
        expect(await ipam.getPool({ pool: created.pool.id })).toMatchObject({ name: 'corp' });
      });
    });
  });
}
