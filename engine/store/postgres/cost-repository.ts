import type { PricingSnapshotRecord, RateCardRecord } from '../ports/cost-records.js';
import { auditedSnapshot, LIVE_ZONE, toPricingSnapshot, toRateCard, type PricingSnapshotRow, type RateCardRow } from '../rows/cost-rows.js';
import { postgresColumns } from '../rows/decode.js';
import { own } from '../rows/tenant-sql.js';
import { recordAudit } from './audit.js';
import { json, type Sql } from './sql.js';

/** Rate cards and imported pricing snapshots; every write is audited in its transaction. */
export class PgCostRepository {
  constructor(private readonly actor: string) {}

  async saveRateCard(sql: Sql, card: RateCardRecord): Promise<void> {
    const before = await sql.row<RateCardRow>(`SELECT * FROM rate_cards WHERE landing_zone_id = $1 AND ${own()} FOR UPDATE`, [
      card.landingZoneId,
    ]);
    await sql.run(
      `INSERT INTO rate_cards (landing_zone_id, currency, per_core, per_gb_ram, per_gb_disk, updated_at, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (tenant, landing_zone_id) DO UPDATE SET currency = excluded.currency, per_core = excluded.per_core,
         per_gb_ram = excluded.per_gb_ram, per_gb_disk = excluded.per_gb_disk, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      [card.landingZoneId, card.currency, card.perCore, card.perGbRam, card.perGbDisk, card.updatedAt, card.updatedBy],
    );
    await recordAudit(
      sql,
      {
        actor: this.actor,
        action: 'rate-card.set',
        entity: 'rate-card',
        entityId: card.landingZoneId,
        oldValue: before ? toRateCard(before) : null,
        newValue: card,
      },
      card.updatedAt,
    );
  }

  async rateCard(sql: Sql, landingZoneId: string): Promise<RateCardRecord | undefined> {
    const row = await sql.row<RateCardRow>(`SELECT * FROM rate_cards WHERE landing_zone_id = $1 AND ${own()} AND ${LIVE_ZONE}`, [
      landingZoneId,
    ]);
    return row && toRateCard(row);
  }

  async rateCards(sql: Sql): Promise<RateCardRecord[]> {
    return (await sql.rows<RateCardRow>(`SELECT * FROM rate_cards WHERE ${own()} AND ${LIVE_ZONE} ORDER BY landing_zone_id`)).map(
      toRateCard,
    );
  }

  async removeRateCard(sql: Sql, landingZoneId: string, at: string): Promise<boolean> {
    const before = await sql.row<RateCardRow>(`DELETE FROM rate_cards WHERE landing_zone_id = $1 AND ${own()} RETURNING *`, [
      landingZoneId,
    ]);
    if (!before) return false;
    await recordAudit(
      sql,
      {
        actor: this.actor,
        action: 'rate-card.remove',
        entity: 'rate-card',
        entityId: landingZoneId,
        oldValue: toRateCard(before),
        newValue: null,
      },
      at,
    );
    return true;
  }

  async insertPricingSnapshot(sql: Sql, snapshot: PricingSnapshotRecord): Promise<void> {
    await sql.run(
      `INSERT INTO pricing_snapshots (id, date, currency, document, imported_at, imported_by) VALUES ($1, $2, $3, $4::jsonb, $5, $6)`,
      [snapshot.id, snapshot.date, snapshot.currency, json(snapshot.document), snapshot.importedAt, snapshot.importedBy],
    );
    await recordAudit(
      sql,
      {
        actor: this.actor,
        action: 'pricing-snapshot.import',
        entity: 'pricing-snapshot',
        entityId: snapshot.id,
        oldValue: null,
        newValue: auditedSnapshot(snapshot),
      },
      snapshot.importedAt,
    );
  }

  async latestPricingSnapshot(sql: Sql): Promise<PricingSnapshotRecord | undefined> {
    const row = await sql.row<PricingSnapshotRow>(
      `SELECT * FROM pricing_snapshots WHERE ${own()} ORDER BY date DESC, imported_at DESC, id DESC LIMIT 1`,
    );
    return row && toPricingSnapshot(row, postgresColumns);
  }
}
