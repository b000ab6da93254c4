import { describe, expect, it } from 'vitest';
import type { CloudAccountRecord } from '../ports/cloud-account-records.js';
import type { Repositories } from '../ports/repositories.js';
import { asTenant, useStore, type StoreFactory } from './harness.js';

const T0 = '2026-12-01T00:00:00.000Z';
const T1 = '2026-12-02T00:00:00.000Z';
const SEALED = Buffer.from('sealed-bytes-that-stand-for-a-secret');

const zone = (id: string, name: string) => ({
  id,
  name,
  provider: 'proxmox',
  description: '',
  resolverConfig: {},
  createdAt: T0,
  updatedAt: T0,
});

const account = (landingZoneId: string, endpoint: string, at = T0): CloudAccountRecord => ({
  landingZoneId,
  provider: 'proxmox',
  settings: { endpoint, tokenId: 'nimbus@pve!deploy', verifyTls: true },
  ciphertext: SEALED,
  iv: Buffer.alloc(12, 1),
  tag: Buffer.alloc(16, 2),
  secretSetAt: at,
  createdAt: at,
  updatedAt: at,
});

async function auditOf(store: Repositories, zoneId: string) {
  return store.audit.history('cloud_account', zoneId);
}

/** Cloud accounts: one per landing zone, audited without their ciphertext, scoped to the zone's tenant. */
export function cloudAccountsContract(factory: StoreFactory): void {
  describe('cloud accounts', () => {
    const store = useStore(factory);

    it('stores, replaces and removes a zone account, auditing each change without the sealed secret', async () => {
      await asTenant('default', async () => {
        await store().landingZones.insertZone(zone('z1', 'pve'));
        expect(await store().cloudAccounts.get('z1')).toBeUndefined();
        await store().cloudAccounts.put(account('z1', 'https://pve-a:8006'));
        const stored = await store().cloudAccounts.get('z1');
        expect(stored).toMatchObject({
          provider: 'proxmox',
          settings: { endpoint: 'https://pve-a:8006', verifyTls: true },
          secretSetAt: T0,
        });
        expect(Buffer.compare(stored!.ciphertext, SEALED)).toBe(0);
        await store().cloudAccounts.put(account('z1', 'https://pve-b:8006', T1));
        expect(await store().cloudAccounts.get('z1')).toMatchObject({
          settings: { endpoint: 'https://pve-b:8006' },
          createdAt: T0,
          updatedAt: T1,
        });
        expect(await store().cloudAccounts.remove('z1', T1)).toBe(true);
        expect(await store().cloudAccounts.remove('z1', T1)).toBe(false);
        expect(await store().cloudAccounts.get('z1')).toBeUndefined();
        const audit = await auditOf(store(), 'z1');
        expect(audit.map((row) => row.action)).toEqual(['cloud_account.set', 'cloud_account.set', 'cloud_account.remove']);
        expect(audit[1]).toMatchObject({ oldValue: { settings: { endpoint: 'https://pve-a:8006' } }, newValue: { secretSetAt: T1 } });
        const text = JSON.stringify(audit);
        expect(text).not.toContain('sealed-bytes');
        expect(text).not.toContain(SEALED.toString('base64'));
        expect(text).not.toContain('ciphertext');
      });
    });

    it('refuses an account for a landing zone that does not exist', async () => {
      await asTenant('default', async () => {
        await expect(store().cloudAccounts.put(account('nope', 'https://pve:8006'))).rejects.toMatchObject({ code: 'not_found' });
      });
    });

    it('keeps each tenant to its own zones: another tenant reads nothing and cannot write or remove', async () => {
      await store().identity.insertTenant({ id: 'prov', name: 'provider', parent: null, createdAt: T0 });
      await store().identity.insertTenant({ id: 'a', name: 'a', parent: 'prov', createdAt: T0 });
      await store().identity.insertTenant({ id: 'b', name: 'b', parent: 'prov', createdAt: T0 });
      await asTenant('a', async () => {
        await store().landingZones.insertZone(zone('za', 'pve'));
        await store().cloudAccounts.put(account('za', 'https://a-pve:8006'));
      });
      await asTenant('b', async () => {
        expect(await store().cloudAccounts.get('za')).toBeUndefined();
        await expect(store().cloudAccounts.put(account('za', 'https://evil:8006'))).rejects.toMatchObject({ code: 'not_found' });
        await expect(store().cloudAccounts.remove('za', T1)).rejects.toMatchObject({ code: 'not_found' });
        expect(await store().audit.history('cloud_account', 'za')).toEqual([]);
      });
      await asTenant('a', async () => {
        expect(await store().cloudAccounts.get('za')).toMatchObject({ settings: { endpoint: 'https://a-pve:8006' } });
      });
    });

    it('lets a tenant below use, never change, the account of a zone above', async () => {
      await store().identity.insertTenant({ id: 'prov', name: 'provider', parent: null, createdAt: T0 });
      await store().identity.insertTenant({ id: 'sub', name: 'sub', parent: 'prov', createdAt: T0 });
      await asTenant('prov', async () => {
        await store().landingZones.insertZone(zone('zp', 'shared-pve'));
        await store().cloudAccounts.put(account('zp', 'https://shared:8006'));
      });
      await asTenant('sub', async () => {
        expect(await store().cloudAccounts.get('zp')).toMatchObject({ settings: { endpoint: 'https://shared:8006' } });
        await expect(store().cloudAccounts.put(account('zp', 'https://mine:8006'))).rejects.toMatchObject({ code: 'forbidden' });
        await expect(store().cloudAccounts.remove('zp', T1)).rejects.toMatchObject({ code: 'forbidden' });
      });
    });

    it('writes nothing, audit included, when the unit of work it is part of fails', async () => {
      await asTenant('default', async () => {
        await store().landingZones.insertZone(zone('z2', 'pve2'));
        await expect(
          store().unitOfWork(async (tx) => {
            await tx.cloudAccounts.put(account('z2', 'https://pve:8006'));
            throw new Error('later step failed');
          }),
        ).rejects.toThrow('later step failed');
        expect(await store().cloudAccounts.get('z2')).toBeUndefined();
        expect(await auditOf(store(), 'z2')).toEqual([]);
      });
    });
  });
}
