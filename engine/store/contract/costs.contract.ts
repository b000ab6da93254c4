import { describe, expect, it } from 'vitest';
import { runAsEngineWork } from '../../context/tenant-scope.js';
import type { PricingSnapshotRecord, RateCardRecord } from '../ports/cost-records.js';
import type { StorePort } from '../ports/store-port.js';
import { asTenant, useStore, type StoreFactory } from './harness.js';

const T0 = '2026-12-01T10:00:00.000Z';
const T1 = '2026-12-02T10:00:00.000Z';

async function zone(store: StorePort, id: string, name = id): Promise<void> {
  await store.landingZones.insertZone({ id, name, provider: 'proxmox', description: '', resolverConfig: {}, createdAt: T0, updatedAt: T0 });
}

const card = (landingZoneId: string, perCore = 5, updatedAt = T0): RateCardRecord => ({
  landingZoneId,
  currency: 'USD',
  perCore,
  perGbRam: 2.5,
  perGbDisk: 0.125,
  updatedAt,
  updatedBy: 'ann',
});

const snapshot = (id: string, date: string, importedAt: string): PricingSnapshotRecord => ({
  id,
  date,
  currency: 'USD',
  document: { format: 'nimbus-pricing/v1', date, currency: 'USD', providers: { local: { free: true } } },
  importedAt,
  importedBy: 'ann',
});

/** Rate cards per landing zone and imported pricing snapshots: audited, each tenant's own. */
export function costsContract(factory: StoreFactory): void {
  describe('cost estimates', () => {
    const store = useStore(factory);

    it('saves, replaces, lists and removes a rate card, auditing each change with old and new values', async () => {
      await zone(store(), 'z1', 'lab');
      await zone(store(), 'z2', 'edge');
      expect(await store().costs.rateCard('z1')).toBeUndefined();
      await store().costs.saveRateCard(card('z1'));
      await store().costs.saveRateCard(card('z2', 7));
      await store().costs.saveRateCard(card('z1', 6, T1));
      expect(await store().costs.rateCard('z1')).toEqual(card('z1', 6, T1));
      expect((await store().costs.rateCards()).map((c) => [c.landingZoneId, c.perCore])).toEqual([
        ['z1', 6],
        ['z2', 7],
      ]);
      expect(await store().costs.removeRateCard('z1', T1)).toBe(true);
      expect(await store().costs.removeRateCard('z1', T1)).toBe(false);
      expect(await store().costs.rateCard('z1')).toBeUndefined();
      const history = await store().audit.history('rate-card', 'z1');
      expect(
        history.map((row) => [
          row.action,
          (row.oldValue as RateCardRecord | null)?.perCore ?? null,
          (row.newValue as RateCardRecord | null)?.perCore ?? null,
        ]),
      ).toEqual([
        ['rate-card.set', null, 5],
        ['rate-card.set', 5, 6],
        ['rate-card.remove', 6, null],
      ]);
    });

    it('refuses negative rates and a rate card for a landing zone that does not exist, writing nothing', async () => {
      await zone(store(), 'z1');
      await expect(store().costs.saveRateCard(card('z1', -1))).rejects.toThrow();
      await expect(store().costs.saveRateCard(card('no-such-zone'))).rejects.toThrow();
      expect(await store().costs.rateCards()).toEqual([]);
      expect(await store().audit.history('rate-card', 'z1')).toEqual([]);
    });

    it('rolls a rate card back with its unit of work', async () => {
      await zone(store(), 'z1');
      await expect(
        store().unitOfWork(async (tx) => {
          await tx.costs.saveRateCard(card('z1'));
          throw new Error('later step failed');
        }),
      ).rejects.toThrow('later step failed');
      expect(await store().costs.rateCard('z1')).toBeUndefined();
      expect(await store().audit.history('rate-card', 'z1')).toEqual([]);
    });

    it('keeps the last of concurrent saves of one rate card, one row', async () => {
      await zone(store(), 'z1');
      await Promise.all([1, 2, 3, 4, 5].map((n) => store().costs.saveRateCard(card('z1', n, `2026-12-0${n}T00:00:00.000Z`))));
      const cards = await store().costs.rateCards();
      expect(cards).toHaveLength(1);
      expect([1, 2, 3, 4, 5]).toContain(cards[0]!.perCore);
      expect(await store().audit.history('rate-card', 'z1')).toHaveLength(5);
    });

    it("keeps each tenant's rate cards and snapshots from the others", async () => {
      await asTenant('acme', () => zone(store(), 'za', 'acme-zone'));
      await asTenant('acme', () => store().costs.saveRateCard(card('za', 9)));
      await asTenant('acme', () => store().costs.insertPricingSnapshot(snapshot('s-acme', '2027-01-01', T0)));
      expect(await asTenant('acme', () => store().costs.rateCard('za'))).toMatchObject({ perCore: 9 });
      // Another tenant sees neither the card nor the zone; a card it writes for that zone's id reads as none.
      expect(await asTenant('globex', () => store().costs.rateCard('za'))).toBeUndefined();
      expect(await asTenant('globex', () => store().costs.rateCards())).toEqual([]);
      expect(await asTenant('globex', () => store().costs.removeRateCard('za', T1))).toBe(false);
      expect(await asTenant('globex', () => store().costs.latestPricingSnapshot())).toBeUndefined();
      expect(await asTenant('acme', () => store().costs.rateCard('za'))).toMatchObject({ perCore: 9 });
      expect(await runAsEngineWork('test', () => store().costs.rateCards())).toHaveLength(1);
    });

    it('finds the newest imported snapshot by date, then by import time; audits the import without its prices', async () => {
      expect(await store().costs.latestPricingSnapshot()).toBeUndefined();
      await store().costs.insertPricingSnapshot(snapshot('a', '2026-12-15', T0));
      await store().costs.insertPricingSnapshot(snapshot('b', '2026-12-20', T0));
      await store().costs.insertPricingSnapshot(snapshot('c', '2026-12-10', T1));
      expect((await store().costs.latestPricingSnapshot())?.id).toBe('b');
      await store().costs.insertPricingSnapshot(snapshot('d', '2026-12-20', T1));
      const latest = await store().costs.latestPricingSnapshot();
      expect(latest).toEqual(snapshot('d', '2026-12-20', T1));
      const [audit] = await store().audit.history('pricing-snapshot', 'd');
      expect(audit).toMatchObject({ action: 'pricing-snapshot.import', newValue: { id: 'd', date: '2026-12-20', currency: 'USD' } });
    });
  });
}
