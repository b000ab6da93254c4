/** The cloud_accounts table's rows as both stores read them. */
import type { CloudAccountRecord } from '../ports/cloud-account-records.js';

/** A whole row of `cloud_accounts` (SQLite: JSON text and ISO text; PostgreSQL: jsonb and timestamps). */
export interface CloudAccountRow {
  landing_zone_id: string;
  provider: string;
  settings: string | Record<string, unknown>;
  ciphertext: Buffer;
  iv: Buffer;
  tag: Buffer;
  secret_set_at: string | Date;
  created_at: string | Date;
  updated_at: string | Date;
}

const iso = (value: string | Date): string => (typeof value === 'string' ? value : value.toISOString());

/** The record of a row. */
export function toCloudAccount(row: CloudAccountRow): CloudAccountRecord {
  return {
    landingZoneId: row.landing_zone_id,
    provider: row.provider,
    settings: typeof row.settings === 'string' ? (JSON.parse(row.settings) as Record<string, unknown>) : row.settings,
    ciphertext: Buffer.from(row.ciphertext),
    iv: Buffer.from(row.iv),
    tag: Buffer.from(row.tag),
    secretSetAt: iso(row.secret_set_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
