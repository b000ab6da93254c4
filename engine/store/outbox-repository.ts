import type { AuditLog } from './audit.js';
import type { SqliteDatabase } from './sqlite.js';
import { NEW_TENANT, own } from './rows/tenant-sql.js';
import type { NewOutboxEntry, OutboxEntry, OutboxStatus } from './ports/sync-records.js';

interface Row {
  position: number;
  id: string;
  server_url: string;
  idempotency_key: string;
  method: string;
  input: string;
  status: OutboxStatus;
  attempts: number;
  created_at: string;
  next_attempt_at: string;
  last_error_code: string | null;
  last_error_message: string | null;
  answer: string | null;
  applied_at: string | null;
  updated_at: string;
}

const STATUSES: readonly OutboxStatus[] = ['waiting', 'sending', 'dead', 'discarded', 'applied'];

function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function toEntry(row: Row): OutboxEntry {
  return {
    id: row.id,
    position: row.position,
    serverUrl: row.server_url,
    idempotencyKey: row.idempotency_key,
    method: row.method,
    input: parse(row.input),
    status: row.status,
    attempts: row.attempts,
    createdAt: row.created_at,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error_code === null ? null : { code: row.last_error_code, message: row.last_error_message ?? '' },
    answer: parse(row.answer),
    appliedAt: row.applied_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The desktop's outbox of changes for a shared server (see {@link OutboxPort}). Every status change is
 * one statement guarded by the status it expects, so two drainers (the app and a CLI command on one
 * data directory) never both take an entry from waiting; what the user does to an entry (queue,
 * retry, discard) is audited in the same transaction.
 */
export class OutboxRepository {
  private readonly insertRow;
  private readonly byId;
  private readonly pending;
  private readonly countRows;
  private readonly sending;
  private readonly applied;
  private readonly retryLater;
  private readonly dead;
  private readonly again;
  private readonly discarded;
  private readonly recover;
  private readonly lastApplied;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly audit: AuditLog,
    private readonly actor: string,
  ) {
    this.insertRow = db.prepare(
      `INSERT INTO sync_outbox (id, tenant, server_url, idempotency_key, method, input, status, attempts, created_at, next_attempt_at, updated_at)
       VALUES (@id, ${NEW_TENANT}, @serverUrl, @idempotencyKey, @method, @input, 'waiting', 0, @now, @now, @now)`,
    );
    this.byId = db.prepare<[string], Row>(`SELECT * FROM sync_outbox WHERE ${own()} AND id = ?`);
    this.pending = db.prepare<[string], Row>(
      `SELECT * FROM sync_outbox WHERE ${own()} AND server_url = ? AND status IN ('waiting', 'sending') ORDER BY position LIMIT 1`,
    );
    this.countRows = db.prepare<[], { status: OutboxStatus; n: number }>(
      `SELECT status, count(*) AS n FROM sync_outbox WHERE ${own()} GROUP BY status`,
    );
    this.sending = db.prepare<[string, string]>(
      `UPDATE sync_outbox SET status = 'sending', updated_at = ? WHERE ${own()} AND id = ? AND status IN ('waiting', 'sending')`,
    );
    this.applied = db.prepare<[string, string, string, string]>(
      `UPDATE sync_outbox SET status = 'applied', answer = ?, applied_at = ?, updated_at = ?, attempts = attempts + 1,
         last_error_code = NULL, last_error_message = NULL WHERE ${own()} AND id = ? AND status = 'sending'`,
    );
    this.retryLater = db.prepare<[number, string, string, string, string, string]>(
      `UPDATE sync_outbox SET status = 'waiting', attempts = attempts + ?, last_error_code = ?, last_error_message = ?,
         next_attempt_at = ?, updated_at = ? WHERE ${own()} AND id = ? AND status = 'sending'`,
    );
    this.dead = db.prepare<[number, string, string, string, string]>(
      `UPDATE sync_outbox SET status = 'dead', attempts = attempts + ?, last_error_code = ?, last_error_message = ?, updated_at = ?
       WHERE ${own()} AND id = ? AND status = 'sending'`,
    );
    this.again = db.prepare<[string, string, string]>(
      `UPDATE sync_outbox SET status = 'waiting', attempts = 0, next_attempt_at = ?, updated_at = ?
       WHERE ${own()} AND id = ? AND status IN ('dead', 'waiting')`,
    );
    this.discarded = db.prepare<[string, string]>(
      `UPDATE sync_outbox SET status = 'discarded', updated_at = ? WHERE ${own()} AND id = ? AND status IN ('dead', 'waiting')`,
    );
    this.recover = db.prepare<[string]>(`UPDATE sync_outbox SET status = 'waiting', updated_at = ? WHERE ${own()} AND status = 'sending'`);
    this.lastApplied = db.prepare<[], { at: string | null }>(`SELECT max(applied_at) AS at FROM sync_outbox WHERE ${own()}`);
  }

  insert(entry: NewOutboxEntry): OutboxEntry {
    return this.db.transaction(() => {
      this.insertRow.run({ ...entry, input: JSON.stringify(entry.input) });
      this.audit.record(
        {
          actor: this.actor,
          action: 'sync.queue',
          entity: 'outbox-entry',
          entityId: entry.id,
          oldValue: null,
          newValue: { method: entry.method, serverUrl: entry.serverUrl, idempotencyKey: entry.idempotencyKey },
        },
        entry.now,
      );
      return toEntry(this.byId.get(entry.id)!);
    })();
  }

  get(id: string): OutboxEntry | undefined {
    const row = this.byId.get(id);
    return row ? toEntry(row) : undefined;
  }

  list(filter: { statuses?: OutboxStatus[]; limit?: number } = {}): OutboxEntry[] {
    const statuses = (filter.statuses ?? []).filter((status) => STATUSES.includes(status));
    const where = statuses.length > 0 ? ` AND status IN (${statuses.map(() => '?').join(', ')})` : '';
    const limit = Math.max(1, Math.min(filter.limit ?? 1000, 1000));
    const rows = this.db
      .prepare<unknown[], Row>(
        `SELECT * FROM (SELECT * FROM sync_outbox WHERE ${own()}${where} ORDER BY position DESC LIMIT ${limit}) ORDER BY position`,
      )
      .all(...statuses);
    return rows.map(toEntry);
  }

  nextPending(serverUrl: string): OutboxEntry | undefined {
    const row = this.pending.get(serverUrl);
    return row ? toEntry(row) : undefined;
  }

  counts(): Record<OutboxStatus, number> {
    const counts: Record<OutboxStatus, number> = { waiting: 0, sending: 0, dead: 0, discarded: 0, applied: 0 };
    for (const row of this.countRows.all()) counts[row.status] = row.n;
    return counts;
  }

  markSending(id: string, now: string): boolean {
    return this.sending.run(now, id).changes === 1;
  }

  markApplied(id: string, answer: unknown, now: string): void {
    this.applied.run(JSON.stringify(answer ?? null), now, now, id);
  }

  markRetry(id: string, error: { code: string; message: string }, nextAttemptAt: string, countAttempt: boolean, now: string): void {
    this.retryLater.run(countAttempt ? 1 : 0, error.code, error.message, nextAttemptAt, now, id);
  }

  markDead(id: string, error: { code: string; message: string }, countAttempt: boolean, now: string): void {
    this.db.transaction(() => {
      if (this.dead.run(countAttempt ? 1 : 0, error.code, error.message, now, id).changes === 0) return;
      this.audit.record(
        { actor: this.actor, action: 'sync.dead', entity: 'outbox-entry', entityId: id, oldValue: null, newValue: { error } },
        now,
      );
    })();
  }

  retry(id: string, now: string): boolean {
    return this.userChange(id, now, 'sync.retry', () => this.again.run(now, now, id).changes === 1);
  }

  discard(id: string, now: string): boolean {
    return this.userChange(id, now, 'sync.discard', () => this.discarded.run(now, id).changes === 1);
  }

  recoverSending(now: string): number {
    return this.recover.run(now).changes;
  }

  lastAppliedAt(): string | null {
    return this.lastApplied.get()?.at ?? null;
  }

  private userChange(id: string, now: string, action: string, change: () => boolean): boolean {
    return this.db.transaction(() => {
      const before = this.byId.get(id);
      if (!before || !change()) return false;
      this.audit.record(
        { actor: this.actor, action, entity: 'outbox-entry', entityId: id, oldValue: { status: before.status }, newValue: null },
        now,
      );
      return true;
    })();
  }
}
