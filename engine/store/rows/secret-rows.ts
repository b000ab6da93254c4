/** The secrets table's rows as both stores read them, and the record listings show. */
import type { SecretMetadataRecord, SecretRecord } from '../ports/resolver-records.js';

/** The columns of a `secrets` row that listings read (never the encrypted ones). */
export interface SecretMetadataRow {
  id: string;
  scope: string;
  name: string;
  origin: SecretRecord['origin'];
  owner: string;
  created_at: string;
}

/** A whole row of `secrets`. */
export type SecretRow = SecretMetadataRow & { ciphertext: Buffer; iv: Buffer; tag: Buffer };

/** The metadata record of a row. */
export const toMetadata = (row: SecretMetadataRow): SecretMetadataRecord => ({
  id: row.id,
  scope: row.scope,
  name: row.name,
  origin: row.origin,
  owner: row.owner,
  createdAt: row.created_at,
});

/** The record of a whole row. */
export const toSecret = (row: SecretRow): SecretRecord => ({ ...toMetadata(row), ciphertext: row.ciphertext, iv: row.iv, tag: row.tag });
