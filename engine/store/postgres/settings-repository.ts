import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from '../../api/schemas/system.js';
import { own } from '../rows/tenant-sql.js';
import { recordAudit } from './audit.js';
import { json, type Sql } from './sql.js';
import { settingUpdated } from '../rows/audit-entries.js';

/** User settings as key/value rows (`jsonb`); values this build does not understand read as the defaults. */
export class PgSettingsRepository {
  constructor(private readonly actor: string) {}

  async get(sql: Sql): Promise<Settings> {
    const stored: Record<string, unknown> = {};
    for (const row of await sql.rows<{ key: string; value: unknown }>(`SELECT key, value FROM settings WHERE ${own()}`))
      stored[row.key] = row.value;
    const parsed = SettingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...stored });
    return parsed.success ? parsed.data : DEFAULT_SETTINGS;
  }

  async update(sql: Sql, patch: Partial<Settings>): Promise<Settings> {
    const now = new Date().toISOString();
    const before = await this.get(sql);
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      await sql.run(
        `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2::jsonb, $3)
         ON CONFLICT (tenant, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
         WHERE ${own('settings.')}`,
        [key, json(value), now],
      );
      await recordAudit(sql, settingUpdated(this.actor, key, before[key as keyof Settings], value), now);
    }
    return this.get(sql);
  }
}
