import type { IdempotencyFence } from '../context/request-context.js';
import type { SqliteDatabase } from './sqlite.js';
import { NEW_TENANT, own } from './rows/tenant-sql.js';
import { claimLost, decideClaim } from './rows/idempotency-rows.js';
import type { IdempotencyClaim, IdempotencyClaimRequest, StoredAnswer } from './ports/sync-records.js';

interface Row {
  method: string;
  input_hash: string;
  status: 'in_progress' | 'done';
  http_status: number | null;
  answer: string | null;
  claimed_until: string;
  applied: number;
}

/** The idempotency keys of an engine serving the HTTP API (see {@link IdempotencyPort}). */
export class IdempotencyRepository {
  private readonly insert;
  private readonly select;
  private readonly takeOver;
  private readonly done;
  private readonly drop;
  private readonly expire;
  private readonly mark;
  private readonly present;

  constructor(private readonly db: SqliteDatabase) {
    this.insert = db.prepare(
      `INSERT INTO idempotency_keys (tenant, actor, key, method, input_hash, status, created_at, claimed_until, claim_token)
       VALUES (${NEW_TENANT}, @actor, @key, @method, @inputHash, 'in_progress', @now, @claimedUntil, @token)
       ON CONFLICT (tenant, actor, key) DO NOTHING`,
    );
    this.select = db.prepare<[string, string], Row>(
      `SELECT method, input_hash, status, http_status, answer, claimed_until, applied FROM idempotency_keys
       WHERE ${own()} AND actor = ? AND key = ?`,
    );
    this.takeOver = db.prepare<[string, string, string, string]>(
      `UPDATE idempotency_keys SET claimed_until = ?, claim_token = ? WHERE ${own()} AND actor = ? AND key = ? AND status = 'in_progress'`,
    );
    this.done = db.prepare<[number, string, string, string, string]>(
      `UPDATE idempotency_keys SET status = 'done', http_status = ?, answer = ?
       WHERE ${own()} AND actor = ? AND key = ? AND claim_token = ?`,
    );
    this.drop = db.prepare<[string, string, string]>(
      `DELETE FROM idempotency_keys WHERE ${own()} AND actor = ? AND key = ? AND claim_token = ? AND status = 'in_progress'`,
    );
    this.expire = db.prepare<[string]>(`DELETE FROM idempotency_keys WHERE ${own()} AND created_at < ?`);
    this.mark = db.prepare<[string, string, string]>(
      `UPDATE idempotency_keys SET applied = 1 WHERE ${own()} AND actor = ? AND key = ? AND claim_token = ?`,
    );
    this.present = db.prepare<[string, string], { present: number }>(
      `SELECT 1 AS present FROM idempotency_keys WHERE ${own()} AND actor = ? AND key = ?`,
    );
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
          applied: row.applied === 1,
        },
        request,
      );
      if (decision !== 'takeOver') return decision;
      this.takeOver.run(request.claimedUntil, request.token, request.actor, request.key);
      return { state: 'claimed' };
    })();
  }

  finish(actor: string, key: string, token: string, answer: StoredAnswer): void {
    this.done.run(answer.status, JSON.stringify(answer.body ?? null), actor, key, token);
  }

  release(actor: string, key: string, token: string): void {
    this.drop.run(actor, key, token);
  }

  sweep(before: string): number {
    return this.expire.run(before).changes;
  }

  /**
   * Run inside a keyed call's transaction just before it commits: marks the key applied, or throws
   * (and the transaction rolls back) when another run of the key took the claim over. A key that is
   * gone (swept, or a job the call started outliving it) holds nothing back.
   */
  fence(fence: IdempotencyFence): void {
    if (this.mark.run(fence.actor, fence.key, fence.token).changes === 1) return;
    if (this.present.get(fence.actor, fence.key)) throw claimLost(fence.key);
  }
}
