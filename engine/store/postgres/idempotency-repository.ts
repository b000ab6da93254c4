import type { IdempotencyFence } from '../../context/request-context.js';
import { NEW_TENANT, own } from '../rows/tenant-sql.js';
import { claimLost, decideClaim } from '../rows/idempotency-rows.js';
import type { IdempotencyClaim, IdempotencyClaimRequest, StoredAnswer } from '../ports/sync-records.js';
import { json, type Sql } from './sql.js';

interface Row {
  method: string;
  input_hash: string;
  status: 'in_progress' | 'done';
  http_status: number | null;
  answer: unknown;
  claimed_until: Date | string;
  applied: boolean;
}

/**
 * A shared server's idempotency keys (see {@link IdempotencyPort}). Two requests with one key race on
 * the primary key: the second insert waits for the first transaction and then inserts nothing, and
 * reads the first one's claim, locked, so exactly one of them runs the call.
 */
export class PgIdempotencyRepository {
  async claim(sql: Sql, request: IdempotencyClaimRequest): Promise<IdempotencyClaim> {
    const inserted = await sql.run(
      `INSERT INTO idempotency_keys (tenant, actor, key, method, input_hash, status, created_at, claimed_until, claim_token)
       VALUES (${NEW_TENANT}, $1, $2, $3, $4, 'in_progress', $5, $6, $7)
       ON CONFLICT (tenant, actor, key) DO NOTHING`,
      [request.actor, request.key, request.method, request.inputHash, request.now, request.claimedUntil, request.token],
    );
    if (inserted === 1) return { state: 'claimed' };
    const row = await sql.row<Row>(
      `SELECT method, input_hash, status, http_status, answer, claimed_until, applied FROM idempotency_keys
       WHERE ${own()} AND actor = $1 AND key = $2 FOR UPDATE`,
      [request.actor, request.key],
    );
    if (!row) return { state: 'in_progress', claimedUntil: request.now };
    const decision = decideClaim(
      {
        method: row.method,
        inputHash: row.input_hash,
        status: row.status,
        httpStatus: row.http_status,
        answer: row.answer,
        claimedUntil: new Date(row.claimed_until).toISOString(),
        applied: row.applied,
      },
      request,
    );
    if (decision !== 'takeOver') return decision;
    await sql.run(`UPDATE idempotency_keys SET claimed_until = $1, claim_token = $2 WHERE ${own()} AND actor = $3 AND key = $4`, [
      request.claimedUntil,
      request.token,
      request.actor,
      request.key,
    ]);
    return { state: 'claimed' };
  }

  async finish(sql: Sql, actor: string, key: string, token: string, answer: StoredAnswer): Promise<void> {
    await sql.run(
      `UPDATE idempotency_keys SET status = 'done', http_status = $1, answer = $2::jsonb
       WHERE ${own()} AND actor = $3 AND key = $4 AND claim_token = $5`,
      [answer.status, json(answer.body ?? null), actor, key, token],
    );
  }

  async release(sql: Sql, actor: string, key: string, token: string): Promise<void> {
    await sql.run(
      `DELETE FROM idempotency_keys WHERE ${own()} AND actor = $1 AND key = $2 AND claim_token = $3 AND status = 'in_progress'`,
      [actor, key, token],
    );
  }

  async sweep(sql: Sql, before: string): Promise<number> {
    return sql.run(`DELETE FROM idempotency_keys WHERE ${own()} AND created_at < $1`, [before]);
  }
}

/**
 * Run inside a keyed call's transaction just before it commits: marks the key applied, or throws (and
 * the transaction rolls back) when another run of the key took the claim over. A key that is gone
 * (swept, or a job the call started outliving it) holds nothing back.
 */
export async function fenceIdempotency(sql: Sql, fence: IdempotencyFence): Promise<void> {
  const marked = await sql.run(
    `UPDATE idempotency_keys SET applied = true WHERE ${own()} AND actor = $1 AND key = $2 AND claim_token = $3`,
    [fence.actor, fence.key, fence.token],
  );
  if (marked === 1) return;
  if (await sql.row(`SELECT 1 FROM idempotency_keys WHERE ${own()} AND actor = $1 AND key = $2`, [fence.actor, fence.key]))
    throw claimLost(fence.key);
}
