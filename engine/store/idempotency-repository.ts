import type { SqliteDatabase } from './sqlite.js';
import { NEW_TENANT, own } from './rows/tenant-sql.js';
import { decideClaim } from './rows/idempotency-rows.js';
import type { IdempotencyClaim, IdempotencyClaimRequest, StoredAnswer } from './ports/sync-records.js';

interface Row {
  method: string;
  input_hash: string;
  status: 'in_progress' | 'done';
  http_status: number | null;
  answer: string | null;
  claimed_until: string;
}

/** The idempotency keys of an engine serving the HTTP API (see {@link IdempotencyPort}). */
export class IdempotencyRepository {
  private readonly insert;
  private readonly select;
  private readonly takeOver;
  private readonly done;
  private readonly drop;
  private readonly expire;

  constructor(private readonly db: SqliteDatabase) {
    this.insert = db.prepare(
      `INSERT INTO idempotency_keys (tenant, actor, key, method, input_hash, status, created_at, claimed_until)
       VALUES (${NEW_TENANT}, @actor, @key, @method, @inputHash, 'in_progress', @now, @claimedUntil)
       ON CONFLICT (tenant, actor, key) DO NOTHING`,
    );
    this.select = db.prepare<[string, string], Row>(
      `SELECT method, input_hash, status, http_status, answer, claimed_until FROM idempotency_keys WHERE ${own()} AND actor = ? AND key = ?`,
    );
    this.takeOver = db.prepare<[string, string, string]>(
      `UPDATE idempotency_keys SET claimed_until = ? WHERE ${own()} AND actor = ? AND key = ? AND status = 'in_progress'`,
    );
    this.done = db.prepare<[number, string, string, string]>(
      `UPDATE idempotency_keys SET status = 'done', http_status = ?, answer = ? WHERE ${own()} AND actor = ? AND key = ?`,
    );
    this.drop = db.prepare<[string, string]>(
      `DELETE FROM idempotency_keys WHERE ${own()} AND actor = ? AND key = ? AND status = 'in_progress'`,
    );
    this.expire = db.prepare<[string]>(`DELETE FROM idempotency_keys WHERE ${own()} AND created_at < ?`);
  }

  claim(request: IdempotencyClaimRequest): IdempotencyClaim {
    return this.db.transaction((): IdempotencyClaim => {
      if (this.insert.run(request).changes === 1) return { state: 'claimed' };
      const row = this.select.get(request.actor, request.key);
      // Deleted between the two statements (a sweep): claim it anew.
      if (!row) return this.insert.run(request).changes === 1 ? { state: 'claimed' } : { state: 'in_progress', claimedUntil: request.now };
      const decision = decideClaim(
        {
          method: row.method,
          inputHash: row.input_hash,
          status: row.status,
          httpStatus: row.http_status,
          answer: row.answer === null ? null : (JSON.parse(row.answer) as unknown),
          claimedUntil: row.claimed_until,
        },
        request,
      );
      if (decision !== 'takeOver') return decision;
      this.takeOver.run(request.claimedUntil, request.actor, request.key);
      return { state: 'claimed' };
    })();
  }

  finish(actor: string, key: string, answer: StoredAnswer): void {
    this.done.run(answer.status, JSON.stringify(answer.body ?? null), actor, key);
  }

  release(actor: string, key: string): void {
    this.drop.run(actor, key);
  }

  sweep(before: string): number {
    return this.expire.run(before).changes;
  }
}
