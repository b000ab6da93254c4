import type { AuditLog } from './audit.js';
import type { PricingSnapshotRecord, RateCardRecord } from './ports/cost-records.js';
import { sqliteColumns } from './rows/decode.js';
import { auditedSnapshot, LIVE_ZONE, toPricingSnapshot, toRateCard, type PricingSnapshotRow, type RateCardRow } from './rows/cost-rows.js';
import { NEW_TENANT, own } from './rows/tenant-sql.js';
import type { SqliteDatabase } from './sqlite.js';

/** SQL of rate cards and imported pricing snapshots; every write is audited in its transaction. */
export class CostRepository {
  private readonly statements;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly audit: AuditLog,
    private readonly actor: string,
  ) {
    this.statements = {
      rateCard: db.prepare<[string], RateCardRow>(`SELECT * FROM rate_cards WHERE landing_zone_id = ? AND ${own()} AND ${LIVE_ZONE}`),
      rateCards: db.prepare<[], RateCardRow>(`SELECT * FROM rate_cards WHERE ${own()} AND ${LIVE_ZONE} ORDER BY landing_zone_id`),
      upsertRateCard: db.prepare(
        `INSERT INTO rate_cards (tenant, landing_zone_id, currency, per_core, per_gb_ram, per_gb_disk, updated_at, updated_by)
         VALUES (${NEW_TENANT}, @landingZoneId, @currency, @perCore, @perGbRam, @perGbDisk, @updatedAt, @updatedBy)
         ON CONFLICT (tenant, landing_zone_id) DO UPDATE SET currency = excluded.currency, per_core = excluded.per_core,
           per_gb_ram = excluded.per_gb_ram, per_gb_disk = excluded.per_gb_disk, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      ),
      anyRateCard: db.prepare<[string], RateCardRow>(`SELECT * FROM rate_cards WHERE landing_zone_id = ? AND ${own()}`),
      deleteRateCard: db.prepare(`DELETE FROM rate_cards WHERE landing_zone_id = ? AND ${own()}`),
      insertSnapshot: db.prepare(
        `INSERT INTO pricing_snapshots (id, tenant, date, currency, document, imported_at, imported_by)
         VALUES (@id, ${NEW_TENANT}, @date, @currency, @document, @importedAt, @importedBy)`,
      ),
      latestSnapshot: db.prepare<[], PricingSnapshotRow>(
        `SELECT * FROM pricing_snapshots WHERE ${own()} ORDER BY date DESC, imported_at DESC, id DESC LIMIT 1`,
      ),
    };
  }

  private write<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  saveRateCard(card: RateCardRecord): void {
    this.write(() => {
      const before = this.statements.anyRateCard.get(card.landingZoneId);
      this.statements.upsertRateCard.run({ ...card });
      this.audit.record(
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
    });
  }

  rateCard(landingZoneId: string): RateCardRecord | undefined {
    const row = this.statements.rateCard.get(landingZoneId);
    return row && toRateCard(row);
  }

  rateCards(): RateCardRecord[] {
    return this.statements.rateCards.all().map(toRateCard);
  }

  removeRateCard(landingZoneId: string, at: string): boolean {
    return this.write(() => {
      const before = this.statements.anyRateCard.get(landingZoneId);
      if (!before) return false;
      this.statements.deleteRateCard.run(landingZoneId);
      this.audit.record(
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
    });
  }

  insertPricingSnapshot(snapshot: PricingSnapshotRecord): void {
    this.write(() => {
      this.statements.insertSnapshot.run({ ...snapshot, document: JSON.stringify(snapshot.document) });
      this.audit.record(
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
    });
  }

  latestPricingSnapshot(): PricingSnapshotRecord | undefined {
    const row = this.statements.latestSnapshot.get();
    return row && toPricingSnapshot(row, sqliteColumns);
  }
}
