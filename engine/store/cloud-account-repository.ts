import { NotFoundError } from '../errors.js';
import type { AuditLog } from './audit.js';
import { auditedCloudAccount, type CloudAccountRecord } from './ports/cloud-account-records.js';
import { toCloudAccount, type CloudAccountRow } from './rows/cloud-account-rows.js';
import { readOnlyRefusal } from './rows/tenant-checks.js';
import { visible, writable } from './rows/tenant-sql.js';
import type { SqliteDatabase } from './sqlite.js';

/** SQL of cloud accounts (see the port): one row per live landing zone, audited in the same transaction. */
export class CloudAccountRepository {
  private readonly statements;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly audit: AuditLog,
    private readonly actor: string,
  ) {
    this.statements = {
      get: db.prepare<[string], CloudAccountRow>(
        `SELECT a.* FROM cloud_accounts a JOIN landing_zones z ON z.id = a.landing_zone_id AND z.deleted_at IS NULL
         WHERE a.landing_zone_id = ? AND ${visible('a.')}`,
      ),
      writableZone: db.prepare<[string], { tenant: string | null }>(
        `SELECT tenant FROM landing_zones WHERE id = ? AND deleted_at IS NULL AND ${writable()}`,
      ),
      visibleZone: db.prepare<[string], { id: string }>(
        `SELECT id FROM landing_zones WHERE id = ? AND deleted_at IS NULL AND ${visible()}`,
      ),
      upsert: db.prepare(
        `INSERT INTO cloud_accounts (landing_zone_id, provider, settings, ciphertext, iv, tag, secret_set_at, created_at, updated_at, tenant)
         VALUES (@landingZoneId, @provider, @settings, @ciphertext, @iv, @tag, @secretSetAt, @createdAt, @updatedAt, @tenant)
         ON CONFLICT (landing_zone_id) DO UPDATE SET provider = excluded.provider, settings = excluded.settings,
           ciphertext = excluded.ciphertext, iv = excluded.iv, tag = excluded.tag, secret_set_at = excluded.secret_set_at,
           updated_at = excluded.updated_at`,
      ),
      remove: db.prepare(`DELETE FROM cloud_accounts WHERE landing_zone_id = ? AND ${writable()}`),
    };
  }

  get(landingZoneId: string): CloudAccountRecord | undefined {
    const row = this.statements.get.get(landingZoneId);
    return row && toCloudAccount(row);
  }

  put(account: CloudAccountRecord): void {
    this.db.transaction(() => {
      const tenant = this.zoneTenant(account.landingZoneId);
      const before = this.get(account.landingZoneId);
      this.statements.upsert.run({
        ...account,
        createdAt: before?.createdAt ?? account.createdAt,
        settings: JSON.stringify(account.settings),
        tenant,
      });
      this.audit.record(
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
    })();
  }

  remove(landingZoneId: string, at: string): boolean {
    return this.db.transaction(() => {
      this.zoneTenant(landingZoneId);
      const before = this.get(landingZoneId);
      if (!before || this.statements.remove.run(landingZoneId).changes === 0) return false;
      this.audit.record(
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
    })();
  }

  /** The tenant of a landing zone the scope may change; `forbidden` for one above, `not_found` for one it cannot see. */
  private zoneTenant(landingZoneId: string): string | null {
    const zone = this.statements.writableZone.get(landingZoneId);
    if (zone) return zone.tenant;
    if (this.statements.visibleZone.get(landingZoneId)) throw readOnlyRefusal('landing zone', landingZoneId);
    throw new NotFoundError('Landing zone', landingZoneId);
  }
}
