import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from '../api/schemas/system.js';
import type { AuditLog } from './audit.js';
import type { SqliteDatabase } from './sqlite.js';
import { NEW_TENANT, own } from './rows/tenant-sql.js';
import { settingUpdated } from './rows/audit-entries.js';

/** User settings as key/value rows; unknown or corrupt values fall back to the defaults. */
export class SettingsRepository {
  private readonly selectAll;
  private readonly upsert;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly audit: AuditLog,
    private readonly actor: string,
  ) {
    this.selectAll = db.prepare<[], { key: string; value: string }>(`SELECT key, value FROM settings WHERE ${own()}`);
    this.upsert = db.prepare(
      `INSERT INTO settings (tenant, key, value, updated_at) VALUES (${NEW_TENANT}, ?, ?, ?)
       ON CONFLICT (tenant, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
  }

  get(): Settings {
    const stored: Record<string, unknown> = {};
    for (const row of this.selectAll.all()) {
      try {
        stored[row.key] = JSON.parse(row.value);
      } catch {
        // A value this build cannot read is ignored rather than blocking start-up.
      }
    }
    const merged = { ...DEFAULT_SETTINGS, ...stored };
    const parsed = SettingsSchema.safeParse(merged);
    return parsed.success ? parsed.data : DEFAULT_SETTINGS;
  }

  update(patch: Partial<Settings>): Settings {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      const before = this.get();
      for (const [key, value] of Object.entries(patch)) {
        if (value === undefined) continue;
        this.upsert.run(key, JSON.stringify(value), now);
        this.audit.record(settingUpdated(this.actor, key, before[key as keyof Settings], value), now);
      }
    })();
    return this.get();
  }
}
