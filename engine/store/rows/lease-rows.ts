/** The leases table's rows as both stores read them, and their records. */
import type { LeaseRecord } from '../ports/resolver-records.js';

/** A row of `leases`. */
export interface LeaseRow {
  id: string;
  environment: string;
  client: string;
  actor: string | null;
  granted_at: string;
  expires_at: string;
  ended_at: string | null;
  ended_reason: string | null;
}

/** The record of a lease row. */
export const toLease = (row: LeaseRow): LeaseRecord => ({
  id: row.id,
  environment: row.environment,
  client: row.client,
  actor: row.actor,
  grantedAt: row.granted_at,
  expiresAt: row.expires_at,
  endedAt: row.ended_at,
  endedReason: row.ended_reason,
});
