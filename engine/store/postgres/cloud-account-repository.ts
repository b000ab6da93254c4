import { NotFoundError } from '../../errors.js';
import { auditedCloudAccount, type CloudAccountRecord } from '../ports/cloud-account-records.js';
import { toCloudAccount, type CloudAccountRow } from '../rows/cloud-account-rows.js';
import { readOnlyRefusal } from '../rows/tenant-checks.js';
import { visible, writable } from '../rows/tenant-sql.js';
import { recordAudit } from './audit.js';
import { json, type Sql } from './sql.js';

/**
 * Cloud accounts on the shared server (see the port); row-level security limits rows like the landing
 * zone's own, and the zone's row is locked while its account changes so two writers queue up.
 */
export class PgCloudAccountRepository {
  constructor(private readonly actor: string) {}

  async get(sql: Sql, landingZoneId: string): Promise<CloudAccountRecord | undefined> {
    const row = await sql.row<CloudAccountRow>(
      `SELECT a.* FROM cloud_accounts a JOIN landing_zones z ON z.id = a.landing_zone_id AND z.deleted_at IS NULL
       WHERE a.landing_zone_id = $1 AND ${visible('a.')}`,
      [landingZoneId],
    );
    return row && toCloudAccount(row);
  }

  async put(sql: Sql, account: CloudAccountRecord): Promise<void> {
    const tenant = await this.zoneTenant(sql, account.landingZoneId);
    const before = await this.get(sql, account.landingZoneId);
    await sql.run(
      `INSERT INTO cloud_accounts (landing_zone_id, provider, settings, ciphertext, iv, tag, secret_set_at, created_at, updated_at, tenant)
       VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (landing_zone_id) DO UPDATE SET provider = excluded.provider, settings = excluded.settings,
         ciphertext = excluded.ciphertext, iv = excluded.iv, tag = excluded.tag, secret_set_at = excluded.secret_set_at,
         updated_at = excluded.updated_at`,
      [
        account.landingZoneId,
        account.provider,
        json(account.settings),
        account.ciphertext,
        account.iv,
        account.tag,
        account.secretSetAt,
        before?.createdAt ?? account.createdAt,
        account.updatedAt,
        tenant,
      ],
    );
    await recordAudit(
      sql,
      {
        actor: this.actor,
        action: 'cloud_account.set',
        entity: 'cloud_account',
        entityId: account.landingZoneId,
        oldValue: before ? auditedCloudAccount(before) : null,
        newValue: auditedCloudAccount(account),
      },
      account.updatedAt,
    );
  }

  async remove(sql: Sql, landingZoneId: string, at: string): Promise<boolean> {
    await this.zoneTenant(sql, landingZoneId);
    const before = await this.get(sql, landingZoneId);
    if (!before) return false;
    const removed = await sql.run(`DELETE FROM cloud_accounts WHERE landing_zone_id = $1 AND ${writable()}`, [landingZoneId]);
    if (removed === 0) return false;
    await recordAudit(
      sql,
      {
        actor: this.actor,
        action: 'cloud_account.remove',
        entity: 'cloud_account',
        entityId: landingZoneId,
        oldValue: auditedCloudAccount(before),
        newValue: null,
      },
      at,
    );
    return true;
  }

  /** The tenant of a landing zone the scope may change (its row locked); `forbidden` for one above, `not_found` for one unseen. */
  private async zoneTenant(sql: Sql, landingZoneId: string): Promise<string | null> {
    const zone = await sql.row<{ tenant: string | null }>(
      `SELECT tenant FROM landing_zones WHERE id = $1 AND deleted_at IS NULL AND ${writable()} FOR UPDATE`,
      [landingZoneId],
    );
    if (zone) return zone.tenant;
    if (await sql.row(`SELECT 1 FROM landing_zones WHERE id = $1 AND deleted_at IS NULL AND ${visible()}`, [landingZoneId]))
      throw readOnlyRefusal('landing zone', landingZoneId);
    throw new NotFoundError('Landing zone', landingZoneId);
  }
}
