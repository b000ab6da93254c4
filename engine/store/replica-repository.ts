import type { SqliteDatabase } from './sqlite.js';
import type { ReplicaAnswer, ReplicaScope, ReplicaScopeState } from './ports/replica-records.js';

interface AnswerRow {
  method: string;
  input_key: string;
  answer: string;
  fetched_at: string;
}

interface ScopeRow {
  synced_at: string | null;
  last_error_code: string | null;
  last_error_message: string | null;
}

/**
 * The desktop's replica of a shared server's answers (see {@link ReplicaPort}). No audit rows: what
 * it keeps is a copy of the server's records, changed only by the server's answers.
 */
export class ReplicaRepository {
  private readonly upsertScope;
  private readonly upsertAnswer;
  private readonly byKey;
  private readonly keysOf;
  private readonly removeOne;
  private readonly countRows;
  private readonly scopeRow;
  private readonly recordScope;

  constructor(private readonly db: SqliteDatabase) {
    this.upsertScope = db.prepare(
      `INSERT INTO replica_scopes (scope, server_url, tenant, user_name, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (scope) DO NOTHING`,
    );
    this.upsertAnswer = db.prepare(
      `INSERT INTO replica_answers (scope, method, input_key, answer, fetched_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (scope, method, input_key) DO UPDATE SET answer = excluded.answer, fetched_at = excluded.fetched_at`,
    );
    this.byKey = db.prepare<[string, string, string], AnswerRow>(
      'SELECT method, input_key, answer, fetched_at FROM replica_answers WHERE scope = ? AND method = ? AND input_key = ?',
    );
    this.keysOf = db.prepare<[string, string], { input_key: string }>(
      'SELECT input_key FROM replica_answers WHERE scope = ? AND method = ? ORDER BY input_key',
    );
    this.removeOne = db.prepare('DELETE FROM replica_answers WHERE scope = ? AND method = ? AND input_key = ?');
    this.countRows = db.prepare<[string], { method: string; n: number }>(
      'SELECT method, COUNT(*) AS n FROM replica_answers WHERE scope = ? GROUP BY method',
    );
    this.scopeRow = db.prepare<[string], ScopeRow>(
      'SELECT synced_at, last_error_code, last_error_message FROM replica_scopes WHERE scope = ?',
    );
    this.recordScope = db.prepare(
      `UPDATE replica_scopes SET synced_at = COALESCE(?, synced_at), last_error_code = ?, last_error_message = ?, updated_at = ? WHERE scope = ?`,
    );
  }

  put(scope: ReplicaScope, method: string, inputKey: string, answer: unknown, fetchedAt: string): void {
    const text = JSON.stringify(answer ?? null);
    this.db.transaction(() => {
      this.upsertScope.run(scope.key, scope.serverUrl, scope.tenant, scope.user, fetchedAt);
      this.upsertAnswer.run(scope.key, method, inputKey, text, fetchedAt);
    })();
  }

  get(scopeKey: string, method: string, inputKey: string): ReplicaAnswer | undefined {
    const row = this.byKey.get(scopeKey, method, inputKey);
    if (!row) return undefined;
    let answer: unknown;
    try {
      answer = JSON.parse(row.answer) as unknown;
    } catch {
      return undefined;
    }
    return { method: row.method, inputKey: row.input_key, answer, fetchedAt: row.fetched_at };
  }

  keys(scopeKey: string, method: string): string[] {
    return this.keysOf.all(scopeKey, method).map((row) => row.input_key);
  }

  remove(scopeKey: string, method: string, inputKeys: readonly string[]): number {
    return this.db.transaction(() => inputKeys.reduce((sum, key) => sum + this.removeOne.run(scopeKey, method, key).changes, 0))();
  }

  counts(scopeKey: string): { records: number; byMethod: Record<string, number> } {
    const byMethod: Record<string, number> = {};
    let records = 0;
    for (const row of this.countRows.all(scopeKey)) {
      byMethod[row.method] = row.n;
      records += row.n;
    }
    return { records, byMethod };
  }

  state(scopeKey: string): ReplicaScopeState | undefined {
    const row = this.scopeRow.get(scopeKey);
    if (!row) return undefined;
    return {
      syncedAt: row.synced_at,
      lastError: row.last_error_code === null ? null : { code: row.last_error_code, message: row.last_error_message ?? '' },
    };
  }

  recordUpdate(scope: ReplicaScope, update: { syncedAt?: string; lastError: { code: string; message: string } | null; now: string }): void {
    this.db.transaction(() => {
      this.upsertScope.run(scope.key, scope.serverUrl, scope.tenant, scope.user, update.now);
      this.recordScope.run(
        update.syncedAt ?? null,
        update.lastError?.code ?? null,
        update.lastError?.message ?? null,
        update.now,
        scope.key,
      );
    })();
  }
}
