import { describe, expect, it } from 'vitest';
import { useStore, type StoreFactory } from './harness.js';

const T0 = '2026-12-01T00:00:00.000Z';
const T1 = '2026-12-02T00:00:00.000Z';
const pool = (id: string, name: string, cidr: string, startKey: string, endKey: string, parentId: string | null = null) => ({
  id,
  scope: 'lz:home',
  name,
  cidr,
  family: 4 as const,
  prefix: Number(cidr.split('/')[1]),
  startKey,
  endKey,
  gateway: null,
  parentId,
  createdAt: T0,
});

/** IPAM pools and allocations, names, secrets, landing zones and environments. */
export function resolversContract(factory: StoreFactory): void {
  describe('IPAM', () => {
    const store = useStore(factory);

    it('nests pools, soft-deletes them, and moves the generation with every allocation change', async () => {
      await store().ipam.insertPool(pool('p', 'corp', '10.0.0.0/16', '0a000000', '0a00ffff'));
      await store().ipam.insertPool(pool('c', 'apps', '10.0.8.0/24', '0a000800', '0a0008ff', 'p'));
      expect((await store().ipam.rootPools('lz:home', 4)).map((p) => p.id)).toEqual(['p']);
      expect((await store().ipam.childPools('p')).map((p) => p.id)).toEqual(['c']);
      expect((await store().ipam.poolByName('lz:home', 'apps'))?.parentId).toBe('p');
      const held = {
        id: 'a-1',
        poolId: 'p',
        kind: 'subnet' as const,
        value: '10.0.8.0/24',
        startKey: '0a000800',
        endKey: '0a0008ff',
        owner: 'me',
        createdAt: T0,
      };
      await store().ipam.insertAllocation(held);
      await store().ipam.setKind(held, 'child_pool');
      await store().ipam.setOwner(held, 'you');
      expect(await store().ipam.allocationById('a-1')).toMatchObject({ kind: 'child_pool', owner: 'you' });
      expect(await store().ipam.allocationByValue('p', '10.0.8.0/24')).toMatchObject({ id: 'a-1' });
      expect((await store().ipam.liveByOwner('you')).map((a) => a.id)).toEqual(['a-1']);
      expect(await store().ipam.usage()).toEqual([{ poolId: 'p', kind: 'child_pool', count: 1 }]);
      expect(await store().ipam.generation('p')).toBe(3);
      await store().ipam.release(held, T1);
      expect(await store().ipam.generation('p')).toBe(4);
      expect(await store().ipam.allocationById('a-1')).toBeUndefined();
      await store().ipam.deletePool('c', T1);
      expect(await store().ipam.poolById('c')).toBeUndefined();
      expect((await store().ipam.pools()).map((p) => p.id)).toEqual(['p']);
      expect(await store().ipam.generation('nope')).toBe(-1);
    });
  });

  describe('naming', () => {
    const store = useStore(factory);

    it('issues names once per scope, tracks sequences and releases by owner', async () => {
      const name = (id: string, seq: number, owner: string) => ({
        id,
        scope: 'env:dev',
        series: 'web',
        seq,
        name: `web-${seq}`,
        fqdn: `web-${seq}.dev.example`,
        owner,
        createdAt: T0,
      });
      await store().naming.insert(name('n-1', 1, 'a'));
      await store().naming.insert(name('n-3', 3, 'b'));
      await expect(store().naming.insert(name('n-x', 1, 'c'))).rejects.toThrow();
      expect(await store().naming.usedSequences('env:dev', 'web')).toEqual([1, 3]);
      expect(await store().naming.liveName('env:dev', 'web-3')).toEqual(name('n-3', 3, 'b'));
      await store().naming.release('n-1', T1);
      expect((await store().naming.list('env:dev')).map((n) => n.id)).toEqual(['n-3']);
      expect(await store().naming.byOwner('a')).toEqual([]);
      await store().naming.setOwner('n-3', 'lease-user');
      expect(await store().naming.byOwner('b')).toEqual([]);
      expect((await store().naming.byOwner('lease-user')).map((n) => n.id)).toEqual(['n-3']);
    });
  });

  describe('leases', () => {
    const store = useStore(factory);

    it('keeps leases per desktop, finds the expired live ones, and ends each once', async () => {
      const lease = (id: string, client: string, grantedAt: string, expiresAt: string) => ({
        id,
        environment: 'dev',
        client,
        actor: 'ana',
        grantedAt,
        expiresAt,
      });
      await store().leases.insert(lease('l-1', 'desk-a', T0, T1));
      await store().leases.insert(lease('l-2', 'desk-b', T1, '2026-12-31T00:00:00.000Z'));
      expect(await store().leases.get('l-1')).toEqual({ ...lease('l-1', 'desk-a', T0, T1), endedAt: null, endedReason: null });
      expect(await store().leases.get('missing')).toBeUndefined();
      expect((await store().leases.list({})).map((l) => l.id)).toEqual(['l-2', 'l-1']);
      expect((await store().leases.list({ client: 'desk-a' })).map((l) => l.id)).toEqual(['l-1']);
      expect((await store().leases.expired('2026-12-10T00:00:00.000Z')).map((l) => l.id)).toEqual(['l-1']);
      expect(await store().leases.end('l-1', '2026-12-10T00:00:00.000Z', 'expired')).toBe(true);
      expect(await store().leases.end('l-1', '2026-12-11T00:00:00.000Z', 'released')).toBe(false);
      expect(await store().leases.get('l-1')).toMatchObject({ endedAt: '2026-12-10T00:00:00.000Z', endedReason: 'expired' });
      expect((await store().leases.list({ live: true })).map((l) => l.id)).toEqual(['l-2']);
      expect(await store().leases.expired('2026-12-10T00:00:00.000Z')).toEqual([]);
    });
  });

  describe('secrets', () => {
    const store = useStore(factory);

    it('keeps ciphertexts byte for byte and never lists them', async () => {
      const secret = {
        id: 's-1',
        scope: 'env:dev',
        name: 'db',
        ciphertext: Buffer.from([0, 1, 2, 255]),
        iv: Buffer.alloc(12, 7),
        tag: Buffer.alloc(16, 9),
        origin: 'generated' as const,
        owner: 'deployment:d',
        createdAt: T0,
      };
      await store().secrets.insert(secret);
      const read = await store().secrets.byId('s-1');
      expect(Buffer.compare(read!.ciphertext, secret.ciphertext)).toBe(0);
      expect(Buffer.compare(read!.tag, secret.tag)).toBe(0);
      const listed = await store().secrets.list('env:dev');
      expect(listed).toEqual([{ id: 's-1', scope: 'env:dev', name: 'db', origin: 'generated', owner: 'deployment:d', createdAt: T0 }]);
      expect(await store().secrets.liveName('env:dev', 'db')).toEqual(listed[0]);
      expect(await store().secrets.byOwner('deployment:d')).toEqual(listed);
      await store().secrets.release('s-1', T1);
      expect(await store().secrets.byId('s-1')).toBeUndefined();
    });
  });

  describe('landing zones', () => {
    const store = useStore(factory);

    it('stores zones, templates and environments with their documents, found by id or name', async () => {
      await store().landingZones.insertZone({
        id: 'z',
        name: 'home',
        provider: 'local',
        description: '',
        resolverConfig: { ipam: { pools: ['corp'] } },
        createdAt: T0,
        updatedAt: T0,
      });
      await store().landingZones.insertTemplate({
        id: 't',
        landingZoneId: 'z',
        name: 'small',
        mandatoryComponents: ['dns'],
        resolverOverrides: { naming: { pattern: '{name}' } },
        createdAt: T0,
      });
      await store().landingZones.insertEnvironment({
        id: 'e',
        landingZoneId: 'z',
        templateId: 't',
        name: 'dev',
        resolverOverrides: {},
        createdAt: T0,
        updatedAt: T0,
      });
      expect(await store().landingZones.zone('home')).toMatchObject({ id: 'z', resolverConfig: { ipam: { pools: ['corp'] } } });
      expect(await store().landingZones.zone('z')).toMatchObject({ name: 'home' });
      expect(await store().landingZones.template('z', 'small')).toMatchObject({ id: 't', mandatoryComponents: ['dns'] });
      expect(await store().landingZones.template('other-zone', 't')).toBeUndefined();
      expect((await store().landingZones.templateById('t'))?.resolverOverrides).toEqual({ naming: { pattern: '{name}' } });
      expect((await store().landingZones.templates('z')).map((t) => t.name)).toEqual(['small']);
      expect(await store().landingZones.environment('dev')).toMatchObject({ id: 'e', landingZoneId: 'z', templateId: 't' });
      expect((await store().landingZones.environments()).map((e) => e.name)).toEqual(['dev']);
      expect((await store().landingZones.zones()).map((z) => z.name)).toEqual(['home']);
    });
  });
}
