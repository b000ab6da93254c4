import { describe, expect, it } from 'vitest';
import type { StorePort } from '../ports/store-port.js';
import type { LandingZoneBootstrapRecord } from '../ports/bootstrap-records.js';
import { asTenant, useStore, type StoreFactory } from './harness.js';

const T0 = '2026-03-01T10:00:00.000Z';
const T1 = '2026-03-01T11:00:00.000Z';

const SERVICES = {
  schemaVersion: 1 as const,
  nodes: [{ id: 'mgmt', label: 'mgmt', component: 'local-network@1', position: { x: 0, y: 0 }, params: { name: 'mgmt' } }],
  wires: [],
};

async function zoneWithEnvironment(store: StorePort, suffix = ''): Promise<void> {
  await store.landingZones.insertZone({
    id: `z${suffix}`,
    name: `home${suffix}`,
    provider: 'local',
    description: '',
    resolverConfig: {},
    createdAt: T0,
    updatedAt: T0,
  });
  await store.landingZones.insertEnvironment({
    id: `e${suffix}`,
    landingZoneId: `z${suffix}`,
    templateId: null,
    name: `dev${suffix}`,
    resolverOverrides: {},
    createdAt: T0,
    updatedAt: T0,
  });
}

const zoneRecord = (change: Partial<LandingZoneBootstrapRecord> = {}): Omit<LandingZoneBootstrapRecord, 'version'> => ({
  landingZoneId: 'z',
  status: 'draft',
  statusReason: null,
  services: SERVICES,
  servicesRevision: 1,
  publishedRevision: null,
  publishingRevision: null,
  systemEnvironmentId: null,
  jobId: null,
  updatedAt: T0,
  ...change,
});

/** Landing-zone publication and environment provisioning records: compare-and-set writes, audited, per tenant. */
export function bootstrapContract(factory: StoreFactory): void {
  describe('landing-zone bootstrap', () => {
    const store = useStore(factory);

    it('keeps a zone’s system services and publication, writes only on the expected version, and audits each write', async () => {
      await zoneWithEnvironment(store());
      expect(await store().bootstrap.zone('z')).toBeUndefined();
      expect(await store().bootstrap.putZone(zoneRecord(), null, 'landing_zone.services_set')).toBe(true);
      // A second first write loses: the record exists.
      expect(await store().bootstrap.putZone(zoneRecord({ servicesRevision: 9 }), null, 'landing_zone.services_set')).toBe(false);
      const first = (await store().bootstrap.zone('z'))!;
      expect(first).toMatchObject({ status: 'draft', servicesRevision: 1, version: 1, services: SERVICES, publishedRevision: null });
      expect(
        await store().bootstrap.putZone(
          zoneRecord({ status: 'publishing', publishingRevision: 1, jobId: 'j1', systemEnvironmentId: 'e', updatedAt: T1 }),
          first.version,
          'landing_zone.publish',
        ),
      ).toBe(true);
      // The same expected version again: someone else came first, nothing changes.
      expect(await store().bootstrap.putZone(zoneRecord({ status: 'failed' }), first.version, 'landing_zone.publish')).toBe(false);
      expect(await store().bootstrap.zone('z')).toMatchObject({ status: 'publishing', jobId: 'j1', version: 2, systemEnvironmentId: 'e' });
      expect((await store().bootstrap.zones()).map((zone) => zone.landingZoneId)).toEqual(['z']);
      const audit = await store().audit.history('landing_zone', 'z');
      expect(audit.map((row) => row.action)).toEqual(['landing_zone.services_set', 'landing_zone.publish']);
      expect(audit[1]!.oldValue).toMatchObject({ status: 'draft' });
      expect(audit[1]!.newValue).toMatchObject({ status: 'publishing', jobId: 'j1', nodes: ['mgmt:local-network@1'] });
    });

    it('records an environment’s provisioning with compare-and-set, audited; refuses an unknown environment', async () => {
      await zoneWithEnvironment(store());
      const record = {
        environmentId: 'e',
        status: 'provisioning' as const,
        statusReason: null,
        jobId: 'j1',
        systemOf: null,
        updatedAt: T0,
      };
      expect(await store().bootstrap.environment('e')).toBeUndefined();
      expect(await store().bootstrap.putEnvironment(record, null, 'environment.provision')).toBe(true);
      expect(await store().bootstrap.putEnvironment(record, null, 'environment.provision')).toBe(false);
      expect(await store().bootstrap.putEnvironment({ ...record, environmentId: 'nope' }, null, 'environment.provision')).toBe(false);
      const failed = { ...record, status: 'failed' as const, statusReason: 'disk: out of space', updatedAt: T1 };
      expect(await store().bootstrap.putEnvironment(failed, 1, 'environment.provisioning_failed')).toBe(true);
      expect(await store().bootstrap.putEnvironment({ ...failed, status: 'active' }, 1, 'environment.provisioned')).toBe(false);
      expect(await store().bootstrap.environment('e')).toEqual({ ...failed, version: 2 });
      expect(await store().bootstrap.environments()).toEqual([{ ...failed, version: 2 }]);
      expect((await store().audit.history('environment', 'e')).map((row) => [row.action, row.newValue])).toEqual([
        ['environment.provision', { status: 'provisioning', statusReason: null, jobId: 'j1', systemOf: null }],
        ['environment.provisioning_failed', { status: 'failed', statusReason: 'disk: out of space', jobId: 'j1', systemOf: null }],
      ]);
    });

    it('keeps tenants apart: another tenant neither sees nor changes a tenant’s records', async () => {
      await asTenant('acme', async () => {
        await zoneWithEnvironment(store());
        expect(await store().bootstrap.putZone(zoneRecord(), null, 'landing_zone.services_set')).toBe(true);
        expect(
          await store().bootstrap.putEnvironment(
            { environmentId: 'e', status: 'provisioning', statusReason: null, jobId: 'j', systemOf: null, updatedAt: T0 },
            null,
            'environment.provision',
          ),
        ).toBe(true);
      });
      await asTenant('globex', async () => {
        expect(await store().bootstrap.zone('z')).toBeUndefined();
        expect(await store().bootstrap.zones()).toEqual([]);
        expect(await store().bootstrap.environment('e')).toBeUndefined();
        expect(await store().bootstrap.environments()).toEqual([]);
        expect(await store().bootstrap.putZone(zoneRecord({ status: 'failed' }), 1, 'landing_zone.publish')).toBe(false);
        expect(
          await store().bootstrap.putEnvironment(
            { environmentId: 'e', status: 'active', statusReason: null, jobId: 'j', systemOf: null, updatedAt: T1 },
            1,
            'environment.provisioned',
          ),
        ).toBe(false);
      });
      await asTenant('acme', async () => {
        expect(await store().bootstrap.zone('z')).toMatchObject({ status: 'draft', version: 1 });
        expect(await store().bootstrap.environment('e')).toMatchObject({ status: 'provisioning', version: 1 });
      });
    });

    it('lets one of two concurrent publishes of the same version win', async () => {
      await zoneWithEnvironment(store());
      await store().bootstrap.putZone(zoneRecord(), null, 'landing_zone.services_set');
      const results = await Promise.all(
        ['j1', 'j2', 'j3'].map((jobId) =>
          store().unitOfWork((tx) => tx.bootstrap.putZone(zoneRecord({ status: 'publishing', jobId }), 1, 'landing_zone.publish')),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store().bootstrap.zone('z')).toMatchObject({ status: 'publishing', version: 2 });
    });
  });
}
