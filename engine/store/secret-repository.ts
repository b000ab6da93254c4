import type { SqliteDatabase } from './sqlite.js';

export interface SecretRow {
  id: string;
  scope: string;
  name: string;
  ciphertext: Buffer;
  iv: Buffer;
  tag: Buffer;
  origin: 'generated' | 'stored';
  owner: string;
  created_at: string;
}

export type SecretMetadataRow = Omit<SecretRow, 'ciphertext' | 'iv' | 'tag'>;

/** SQL of the secret resolver. Listing queries never select the encrypted columns. */
export class SecretRepository {
  private readonly statements;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO secrets (id, scope, name, ciphertext, iv, tag, origin, owner, created_at)
         VALUES (@id, @scope, @name, @ciphertext, @iv, @tag, @origin, @owner, @created_at)`,
      ),
      byId: db.prepare<[string], SecretRow>('SELECT * FROM secrets WHERE id = ? AND released_at IS NULL'),
      liveName: db.prepare<[string, string], SecretMetadataRow>(
        'SELECT id, scope, name, origin, owner, created_at FROM secrets WHERE scope = ? AND name = ? AND released_at IS NULL',
      ),
      list: db.prepare<[string], SecretMetadataRow>(
        'SELECT id, scope, name, origin, owner, created_at FROM secrets WHERE scope = ? AND released_at IS NULL ORDER BY name',
      ),
      byOwner: db.prepare<[string], SecretMetadataRow>('SELECT id, scope, name, origin, owner, created_at FROM secrets WHERE owner = ? AND released_at IS NULL'),
      release: db.prepare('UPDATE secrets SET released_at = ? WHERE id = ? AND released_at IS NULL'),
    };
  }

  writeTransaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  insert(row: SecretRow): void {
    this.statements.insert.run(row);
  }

  byId(id: string): SecretRow | undefined {
    return this.statements.byId.get(id);
  }

  liveName(scope: string, name: string): SecretMetadataRow | undefined {
    return this.statements.liveName.get(scope, name);
  }

  list(scope: string): SecretMetadataRow[] {
    return this.statements.list.all(scope);
  }

  byOwner(owner: string): SecretMetadataRow[] {
    return this.statements.byOwner.all(owner);
  }

  release(id: string, at: string): void {
    this.statements.release.run(at, id);
  }
}
