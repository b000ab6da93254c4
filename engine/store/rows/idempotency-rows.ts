/**
 * What a stored idempotency key means for a new request with it, the same for both stores: the
 * stored answer, "still running", "used for something else", or a claim that lapsed (its process
 * died before it finished) and may be taken over.
 */
import { NimbusError } from '../../errors.js';
import type { IdempotencyClaim, IdempotencyClaimRequest } from '../ports/sync-records.js';

/** A stored key as both stores read it (times as ISO text, the answer parsed). */
export interface IdempotencyRow {
  method: string;
  inputHash: string;
  status: 'in_progress' | 'done';
  httpStatus: number | null;
  answer: unknown;
  claimedUntil: string;
  /** Whether a transaction of the call committed (see `RequestContext.idempotency`). */
  applied: boolean;
}

/** A transaction of a keyed call found its claim taken over (its run was thought dead): it commits nothing. */
export function claimLost(key: string): NimbusError {
  return new NimbusError(
    'request_in_progress',
    `Another request with the Idempotency-Key ${key} took this call over; this one changed nothing`,
    { key },
  );
}

/** The outcome for `request` given the stored `row`; `takeOver` means: claim the lapsed key anew. */
export function decideClaim(row: IdempotencyRow, request: IdempotencyClaimRequest): IdempotencyClaim | 'takeOver' {
  if (row.method !== request.method || row.inputHash !== request.inputHash) return { state: 'mismatch', method: row.method };
  if (row.status === 'done') return { state: 'done', answer: { status: row.httpStatus ?? 200, body: row.answer } };
  if (Date.parse(row.claimedUntil) > Date.parse(request.now)) return { state: 'in_progress', claimedUntil: row.claimedUntil };
  // Its process died: if nothing of it was committed it may run again; if something was, never.
  return row.applied ? { state: 'unknown' } : 'takeOver';
}
