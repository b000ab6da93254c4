/** The naming table's rows as both stores read them, and their records. */
import type { NameRecord } from '../ports/resolver-records.js';

/** A row of `naming_names`. */
export interface NameRow {
  id: string;
  scope: string;
  series: string;
  seq: number;
  name: string;
  fqdn: string | null;
  owner: string;
  created_at: string;
}

/** The record of a name row. */
export const toName = (row: NameRow): NameRecord => ({
  id: row.id,
  scope: row.scope,
  series: row.series,
  seq: row.seq,
  name: row.name,
  fqdn: row.fqdn,
  owner: row.owner,
  createdAt: row.created_at,
});
