import type { SqliteDatabase } from './sqlite.js';
import type { LeaseDraw, LeaseDrawStatus } from './ports/sync-records.js';

interface Row {
  id: string;
  server_url: string;
  server_tenant: string;
  lease_id: string;
  environment: string;
  expires_at: string;
  kind: 'address' | 'name';
  pool: string;
  value: string;
  fqdn: string | null;
  topology: string;
  node: string;
  label: string;
  field: string;
  owner: string;
  status: LeaseDrawStatus;
  outcome: string | null;
  reason: string | null;
  drawn_at: string;
  settled_at: string | null;
}

function toDraw(row: Row): LeaseDraw {
  return {
    id: row.id,
    serverUrl: row.server_url,
    serverTenant: row.server_tenant,
    lease: row.lease_id,
    environment: row.environment,
    expiresAt: row.expires_at,
    kind: row.kind,
    pool: row.pool,
    value: row.value,
    fqdn: row.fqdn,
    topology: row.topology,
    node: row.node,
    label: row.label,
    field: row.field,
    owner: row.owner,
    status: row.status,
    outcome: row.outcome,
    reason: row.reason,
    drawnAt: row.drawn_at,
    settledAt: row.settled_at,
  };
}

const STATUSES: readonly LeaseDrawStatus[] = ['provisional', 'confirmed', 'refused'];

/**
 * The desktop's draws from its leases (see {@link LeaseDrawPort}). The unique indexes make a value
 * drawn twice, or a node input holding two live draws, impossible whatever the caller does.
 */
export class LeaseDrawRepository {
  private readonly insertRow;
  private readonly settleRow;

  constructor(private readonly db: SqliteDatabase) {
    this.insertRow = db.prepare(
      `INSERT INTO lease_draws (id, server_url, server_tenant, lease_id, environment, expires_at, kind, pool, value, fqdn, topology, node, label, field, owner, status, drawn_at)
       VALUES (@id, @serverUrl, @serverTenant, @lease, @environment, @expiresAt, @kind, @pool, @value, @fqdn, @topology, @node, @label, @field, @owner, @status, @drawnAt)`,
    );
    this.settleRow = db.prepare<[string, string, string | null, string, string]>(
      `UPDATE lease_draws SET status = ?, outcome = ?, reason = ?, settled_at = ? WHERE id = ? AND status = 'provisional'`,
    );
  }

  insert(draws: LeaseDraw[]): void {
    this.db.transaction(() => {
      for (const draw of draws) this.insertRow.run({ ...draw });
    })();
  }

  list(filter: { serverUrl?: string; serverTenant?: string; statuses?: LeaseDrawStatus[] } = {}): LeaseDraw[] {
    const wanted = (filter.statuses ?? STATUSES).filter((status) => STATUSES.includes(status));
    if (wanted.length === 0) return [];
    const rows = this.db
      .prepare<unknown[], Row>(
        `SELECT * FROM lease_draws WHERE (? IS NULL OR server_url = ?) AND (? IS NULL OR server_tenant = ?)
         AND status IN (${wanted.map(() => '?').join(', ')}) ORDER BY drawn_at, rowid`,
      )
      .all(filter.serverUrl ?? null, filter.serverUrl ?? null, filter.serverTenant ?? null, filter.serverTenant ?? null, ...wanted);
    return rows.map(toDraw);
  }

  settle(id: string, status: 'confirmed' | 'refused', outcome: string, reason: string | null, now: string): boolean {
    return this.settleRow.run(status, outcome, reason, now, id).changes > 0;
  }

  remove(ids: readonly string[], status: LeaseDrawStatus): number {
    const remove = this.db.prepare<[string, LeaseDrawStatus]>(`DELETE FROM lease_draws WHERE id = ? AND status = ?`);
    let removed = 0;
    this.db.transaction(() => {
      for (const id of ids) removed += remove.run(id, status).changes;
    })();
    return removed;
  }
}
