import { NotFoundError } from '../errors.js';
import type { AuditLog } from './audit.js';
import type { SqliteDatabase } from './sqlite.js';
import { NEW_TENANT, own } from './rows/tenant-sql.js';
import type { DeploymentRecord, NewDeployment, DeploymentChange } from './ports/deployment-records.js';
export type { DeploymentRecord, NewDeployment, DeploymentChange } from './ports/deployment-records.js';
import { sqliteColumns } from './rows/decode.js';
import { type DeploymentRow, toDeployment } from './rows/deployment-rows.js';
import { deploymentCreated, deploymentForgotten, deploymentStatusChanged } from './rows/audit-entries.js';

const toRecord = (row: DeploymentRow) => toDeployment(row, sqliteColumns);

const now = (): string => new Date().toISOString();

/**
 * SQL of deployments and the topology documents they were deployed from. Every status change writes
 * an audit row in the same transaction. The journal and locks, the CMDB and drift live in their own
 * repositories (`journal-repository.ts`, `cmdb-repository.ts`, `drift-repository.ts`).
 */
export class DeploymentRepository {
  private readonly s;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly audit: AuditLog,
    private readonly actor: string,
  ) {
    this.s = {
      insert: db.prepare(
        `INSERT INTO deployments (id, environment, topology, node_id, label, component, version, provider, semantic_type, stack_name, owner, status, values_json, created_at, updated_at, tenant)
         VALUES (@id, @environment, @topology, @nodeId, @label, @component, @version, @provider, @semanticType, @stackName, @owner, 'pending', @values, @at, @at, ${NEW_TENANT})`,
      ),
      byId: db.prepare<[string], DeploymentRow>(`SELECT * FROM deployments WHERE id = ? AND ${own()}`),
      live: db.prepare<[string, string], DeploymentRow>(
        `SELECT * FROM deployments WHERE environment = ? AND topology = ? AND status <> 'destroyed' AND ${own()} ORDER BY created_at`,
      ),
      // Filtered by SQLite, so a listing decodes only the rows it returns.
      filtered: db.prepare<{ environment: string | null; topology: string | null; destroyed: number }, DeploymentRow>(
        `SELECT * FROM deployments
         WHERE (@environment IS NULL OR environment = @environment) AND (@topology IS NULL OR topology = @topology)
           AND (@destroyed = 1 OR status <> 'destroyed') AND ${own()}
         ORDER BY updated_at DESC, rowid DESC`,
      ),
      update: db.prepare(
        `UPDATE deployments SET status = @status, values_json = @values, fingerprint = @fingerprint, outputs_json = @outputs, error_json = @error,
           label = @label, version = @version, ever_deployed = @everDeployed, updated_at = @at, deployed_at = @deployedAt WHERE id = @id AND ${own()}`,
      ),
      delete: db.prepare(`DELETE FROM deployments WHERE id = ? AND ${own()}`),
      topologies: db.prepare<[], { environment: string; topology: string; updated_at: string }>(
        `SELECT environment, topology, updated_at FROM deployed_topologies WHERE ${own()} ORDER BY environment, topology`,
      ),
      topologyDocument: db.prepare<[string, string], { document: string }>(
        `SELECT document FROM deployed_topologies WHERE environment = ? AND topology = ? AND ${own()}`,
      ),
      saveTopology: db.prepare(
        `INSERT INTO deployed_topologies (tenant, environment, topology, document, updated_at) VALUES (${NEW_TENANT}, ?, ?, ?, ?)
         ON CONFLICT (tenant, environment, topology) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at`,
      ),
      forgetTopology: db.prepare(`DELETE FROM deployed_topologies WHERE environment = ? AND topology = ? AND ${own()}`),
      journalCount: db.prepare<[string], { count: number }>('SELECT count(*) AS count FROM deployment_journal WHERE deployment_id = ?'),
      liveOwners: db.prepare<[], { owner: string }>(
        `SELECT owner FROM ipam_allocations WHERE released_at IS NULL AND owner LIKE 'deployment:%' AND ${own()}
         UNION SELECT owner FROM naming_names WHERE released_at IS NULL AND owner LIKE 'deployment:%' AND ${own()}
         UNION SELECT owner FROM secrets WHERE released_at IS NULL AND owner LIKE 'deployment:%' AND ${own()}`,
      ),
    };
  }

  /** Runs `work` in one IMMEDIATE transaction (nested calls become savepoints). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  insert(deployment: NewDeployment): DeploymentRecord {
    const at = now();
    this.transaction(() => {
      this.s.insert.run({ ...deployment, values: JSON.stringify(deployment.values), at });
      this.audit.record(deploymentCreated(this.actor, deployment), at);
    });
    return this.get(deployment.id);
  }

  get(id: string): DeploymentRecord {
    const row = this.s.byId.get(id);
    if (!row) throw new NotFoundError('deployment', id);
    return toRecord(row);
  }

  find(id: string): DeploymentRecord | undefined {
    const row = this.s.byId.get(id);
    return row ? toRecord(row) : undefined;
  }

  /** Deployments of one topology in one environment that are not destroyed. */
  live(environment: string, topology: string): DeploymentRecord[] {
    return this.s.live.all(environment, topology).map(toRecord);
  }

  list(filter: { environment?: string; topology?: string; includeDestroyed?: boolean } = {}): DeploymentRecord[] {
    return this.s.filtered
      .all({ environment: filter.environment ?? null, topology: filter.topology ?? null, destroyed: filter.includeDestroyed ? 1 : 0 })
      .map(toRecord);
  }

  /** Changes a deployment's state; only the fields given change. */
  update(id: string, change: DeploymentChange): DeploymentRecord {
    return this.transaction(() => {
      const before = this.get(id);
      const after = { ...before, ...change };
      const at = now();
      this.s.update.run({
        id,
        status: after.status,
        values: JSON.stringify(after.values),
        fingerprint: after.fingerprint,
        outputs: JSON.stringify(after.outputs),
        error: after.error ? JSON.stringify(after.error) : null,
        label: after.label,
        version: after.version,
        everDeployed: after.everDeployed ? 1 : 0,
        deployedAt: after.deployedAt,
        at,
      });
      if (change.status && change.status !== before.status) {
        this.audit.record(deploymentStatusChanged(this.actor, id, before, after), at);
      }
      return this.get(id);
    });
  }

  /** Removes a deployment that never ran (its journal is empty): a cancelled or refused first deploy. */
  forgetPending(id: string): void {
    this.transaction(() => {
      const record = this.get(id);
      if (record.status !== 'pending' || this.s.journalCount.get(id)!.count > 0) return;
      this.s.delete.run(id);
      this.audit.record(deploymentForgotten(this.actor, id, record.status), now());
    });
  }

  deployedTopologies(): { environment: string; topology: string; updatedAt: string }[] {
    return this.s.topologies.all().map((row) => ({ environment: row.environment, topology: row.topology, updatedAt: row.updated_at }));
  }

  /** The document a topology was last deployed from in an environment (its dependencies order a destroy). */
  topologyDocument(environment: string, topology: string): unknown {
    const row = this.s.topologyDocument.get(environment, topology);
    return row ? (JSON.parse(row.document) as unknown) : undefined;
  }

  saveTopologyDocument(environment: string, topology: string, document: unknown): void {
    this.s.saveTopology.run(environment, topology, JSON.stringify(document), now());
  }

  forgetTopology(environment: string, topology: string): void {
    this.s.forgetTopology.run(environment, topology);
  }

  /** Allocation owners (`deployment:<id>`) that still hold addresses, names or secrets. */
  allocationOwners(): string[] {
    return this.s.liveOwners.all().map((row) => row.owner);
  }
}
