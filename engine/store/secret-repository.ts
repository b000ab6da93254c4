import type { SqliteDatabase } from './sqlite.js';
import { NEW_TENANT, own } from './rows/tenant-sql.js';
import type { SecretRecord, SecretMetadataRecord } from './ports/resolver-records.js';
export type { SecretRecord, SecretMetadataRecord } from './ports/resolver-records.js';
import { type SecretMetadataRow, type SecretRow, toMetadata, toSecret } from './rows/secret-rows.js';

/** SQL of the secret resolver. Listing queries never select the encrypted columns. */
export class SecretRepository {
  private readonly statements;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO secrets (id, scope, name, ciphertext, iv, tag, origin, owner, created_at, tenant)
         VALUES (@id, @scope, @name, @ciphertext, @iv, @tag, @origin, @owner, @createdAt, ${NEW_TENANT})`,
      ),
      byId: db.prepare<[string], SecretRow>(`SELECT * FROM secrets WHERE id = ? AND released_at IS NULL AND ${own()}`),
      liveName: db.prepare<[string, string], SecretMetadataRow>(
        `SELECT id, scope, name, origin, owner, created_at FROM secrets WHERE scope = ? AND name = ? AND released_at IS NULL AND ${own()}`,
      ),
      list: db.prepare<[string], SecretMetadataRow>(
        `SELECT id, scope, name, origin, owner, created_at FROM secrets WHERE scope = ? AND released_at IS NULL AND ${own()} ORDER BY name`,
      ),
      byOwner: db.prepare<[string], SecretMetadataRow>(
        `SELECT id, scope, name, origin, owner, created_at FROM secrets WHERE owner = ? AND released_at IS NULL AND ${own()}`,
      ),
      release: db.prepare(`UPDATE secrets SET released_at = ? WHERE id = ? AND released_at IS NULL AND ${own()}`),
    };
  }

  writeTransaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  insert(secret: SecretRecord): void {
    this.statements.insert.run(secret);
  }

  byId(id: string): SecretRecord | undefined {
    const row = this.statements.byId.get(id);
    return row && toSecret(row);
  }

  liveName(scope: string, name: string): SecretMetadataRecord | undefined {
    const row = this.statements.liveName.get(scope, name);
    return row ? toMetadata(row) : undefined;
  }

  list(scope: string): SecretMetadataRecord[] {
    return this.statements.list.all(scope).map(toMetadata);
  }

  byOwner(owner: string): SecretMetadataRecord[] {
    return this.statements.byOwner.all(owner).map(toMetadata);
  }

  release(id: string, at: string): void {
    this.statements.release.run(at, id);
  }
}
