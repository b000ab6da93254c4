/** Rows of the cost tables and their mapping, shared by both stores. */
import type { PricingSnapshotRecord, RateCardRecord } from '../ports/cost-records.js';
import type { ColumnDecoder, JsonColumn } from './decode.js';
import { visible } from './tenant-sql.js';

/** A row of `rate_cards`. */
export interface RateCardRow {
  landing_zone_id: string;
  currency: string;
  per_core: number;
  per_gb_ram: number;
  per_gb_disk: number;
  updated_at: string;
  updated_by: string;
}

/** A row of `pricing_snapshots`. */
export interface PricingSnapshotRow {
  id: string;
  date: string;
  currency: string;
  document: JsonColumn;
  imported_at: string;
  imported_by: string;
}

/** The record a rate card row holds. */
export const toRateCard = (row: RateCardRow): RateCardRecord => ({
  landingZoneId: row.landing_zone_id,
  currency: row.currency,
  perCore: Number(row.per_core),
  perGbRam: Number(row.per_gb_ram),
  perGbDisk: Number(row.per_gb_disk),
  updatedAt: row.updated_at,
  updatedBy: row.updated_by,
});

/** The record a pricing snapshot row holds. */
export const toPricingSnapshot = (row: PricingSnapshotRow, columns: ColumnDecoder): PricingSnapshotRecord => ({
  id: row.id,
  date: row.date,
  currency: row.currency,
  document: columns.json<Record<string, unknown>>(row.document),
  importedAt: row.imported_at,
  importedBy: row.imported_by,
});

/** A snapshot as the audit log shows it: which one, never its thousands of prices. */
export function auditedSnapshot(snapshot: PricingSnapshotRecord): Record<string, unknown> {
  return { id: snapshot.id, date: snapshot.date, currency: snapshot.currency };
}

/** The SQL both stores read rate cards with: only those of live landing zones the scope sees. */
export const LIVE_ZONE = `EXISTS (SELECT 1 FROM landing_zones z WHERE z.id = rate_cards.landing_zone_id AND z.deleted_at IS NULL AND ${visible('z.')})`;
