import type { SecretMetadataRecord, SecretRecord } from '../ports/resolver-records.js';
import { own } from '../rows/tenant-sql.js';
import type { Sql } from './sql.js';
import { type SecretMetadataRow, type SecretRow, toMetadata, toSecret } from '../rows/secret-rows.js';

const METADATA = 'id, scope, name, origin, owner, created_at';

/** Encrypted secrets (`bytea`); listing queries never select the encrypted columns. */
export class PgSecretRepository {
  async insert(sql: Sql, secret: SecretRecord): Promise<void> {
    await sql.run(
      `INSERT INTO secrets (id, scope, name, ciphertext, iv, tag, origin, owner, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [secret.id, secret.scope, secret.name, secret.ciphertext, secret.iv, secret.tag, secret.origin, secret.owner, secret.createdAt],
    );
  }

  async byId(sql: Sql, id: string): Promise<SecretRecord | undefined> {
    const row = await sql.row<SecretRow>(`SELECT * FROM secrets WHERE id = $1 AND released_at IS NULL AND ${own()}`, [id]);
    return row && toSecret(row);
  }

  async liveName(sql: Sql, scope: string, name: string): Promise<SecretMetadataRecord | undefined> {
    const row = await sql.row<SecretMetadataRow>(
      `SELECT ${METADATA} FROM secrets WHERE scope = $1 AND name = $2 AND released_at IS NULL AND ${own()}`,
      [scope, name],
    );
    return row && toMetadata(row);
  }

  async list(sql: Sql, scope: string): Promise<SecretMetadataRecord[]> {
    return (
      await sql.rows<SecretMetadataRow>(
        `SELECT ${METADATA} FROM secrets WHERE scope = $1 AND released_at IS NULL AND ${own()} ORDER BY name`,
        [scope],
      )
    ).map(toMetadata);
  }

  async byOwner(sql: Sql, owner: string): Promise<SecretMetadataRecord[]> {
    const rows = await sql.rows<SecretMetadataRow>(
      `SELECT ${METADATA} FROM secrets WHERE owner = $1 AND released_at IS NULL AND ${own()} ORDER BY created_at, id`,
      [owner],
    );
    return rows.map(toMetadata);
  }

  async release(sql: Sql, id: string, at: string): Promise<void> {
    await sql.run(`UPDATE secrets SET released_at = $2 WHERE id = $1 AND released_at IS NULL AND ${own()}`, [id, at]);
  }
}
