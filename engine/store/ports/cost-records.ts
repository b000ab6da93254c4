/** The records of cost estimates: landing zone rate cards and imported pricing snapshots. */

/** A landing zone's monthly rates (per core, per GB of RAM, per GB of disk), one per tenant and landing zone. */
export interface RateCardRecord {
  landingZoneId: string;
  currency: string;
  perCore: number;
  perGbRam: number;
  perGbDisk: number;
  updatedAt: string;
  updatedBy: string;
}

/** An imported pricing snapshot: the validated document, its date and currency beside it to be found by. */
export interface PricingSnapshotRecord {
  id: string;
  date: string;
  currency: string;
  document: Record<string, unknown>;
  importedAt: string;
  importedBy: string;
}

/**
 * Rate cards and imported pricing snapshots, each tenant's own. Every write is audited in its
 * transaction. A rate card of a landing zone that was deleted reads as none.
 */
export interface CostPort {
  /** Creates or replaces the rate card of a landing zone. */
  saveRateCard(card: RateCardRecord): Promise<void>;
  rateCard(landingZoneId: string): Promise<RateCardRecord | undefined>;
  rateCards(): Promise<RateCardRecord[]>;
  /** Removes a landing zone's rate card (with the landing zone, or on request); false when there was none. */
  removeRateCard(landingZoneId: string, at: string): Promise<boolean>;
  insertPricingSnapshot(snapshot: PricingSnapshotRecord): Promise<void>;
  /** The newest imported snapshot: latest date, then latest import. */
  latestPricingSnapshot(): Promise<PricingSnapshotRecord | undefined>;
}
