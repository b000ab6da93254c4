import type { DeploymentStatus } from '../../api/schemas/deployments.js';
import { own } from '../rows/tenant-sql.js';
import { NotFoundError } from '../../errors.js';
import type { DeploymentChange, DeploymentRecord, NewDeployment } from '../ports/deployment-records.js';
import { recordAudit } from './audit.js';
import { json, type Sql } from './sql.js';
import { postgresColumns } from '../rows/decode.js';
import { type DeploymentRow, toDeployment } from '../rows/deployment-rows.js';
import { deploymentCreated, deploymentForgotten, deploymentStatusChanged } from '../rows/audit-entries.js';

const toRecord = (row: DeploymentRow) => toDeployment(row, postgresColumns);

const now = (): string => new Date().toISOString();

/**
 * Deployments and the topology documents they were deployed from. Every status change writes an
 * audit row in the same transaction; a change locks the deployment's row while it reads, merges and
 * writes, so two changes running side by side never lose one another's fields.
 */
export class PgDeploymentRepository {
  constructor(private readonly actor: string) {}

  async insert(sql: Sql, deployment: NewDeployment): Promise<DeploymentRecord> {
    const at = now();
    await sql.run(
      `INSERT INTO deployments (id, environment, topology, node_id, label, component, version, provider, semantic_type, stack_name, owner, status, values_json, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending', $12::jsonb, $13, $13)`,
      [
        deployment.id,
        deployment.environment,
        deployment.topology,
        deployment.nodeId,
        deployment.label,
        deployment.component,
        deployment.version,
        deployment.provider,
        deployment.semanticType,
        deployment.stackName,
        deployment.owner,
        json(deployment.values),
        at,
      ],
    );
    await recordAudit(sql, deploymentCreated(this.actor, deployment), at);
    return this.get(sql, deployment.id);
  }

  async get(sql: Sql, id: string): Promise<DeploymentRecord> {
    const record = await this.find(sql, id);
    if (!record) throw new NotFoundError('deployment', id);
    return record;
  }

  async find(sql: Sql, id: string): Promise<DeploymentRecord | undefined> {
    const row = await sql.row<DeploymentRow>(`SELECT * FROM deployments WHERE id = $1 AND ${own()}`, [id]);
    return row && toRecord(row);
  }

  /** Deployments of one topology in one environment that are not destroyed. */
  async live(sql: Sql, environment: string, topology: string): Promise<DeploymentRecord[]> {
    const rows = await sql.rows<DeploymentRow>(
      `SELECT * FROM deployments WHERE environment = $1 AND topology = $2 AND status <> 'destroyed' AND ${own()} ORDER BY created_at, seq`,
      [environment, topology],
    );
    return rows.map(toRecord);
  }

  async list(sql: Sql, filter: { environment?: string; topology?: string; includeDestroyed?: boolean } = {}): Promise<DeploymentRecord[]> {
    const rows = await sql.rows<DeploymentRow>(
      `SELECT * FROM deployments
       WHERE (($1::text IS NULL OR environment = $1) AND ($2::text IS NULL OR topology = $2) AND ($3 OR status <> 'destroyed')) AND ${own()} ORDER BY updated_at DESC, seq DESC`,
      [filter.environment ?? null, filter.topology ?? null, filter.includeDestroyed === true],
    );
    return rows.map(toRecord);
  }

  /** Changes a deployment's state; only the fields given change. */
  async update(sql: Sql, id: string, change: DeploymentChange): Promise<DeploymentRecord> {
    const row = await sql.row<DeploymentRow>(`SELECT * FROM deployments WHERE id = $1 AND ${own()} FOR UPDATE`, [id]);
    if (!row) throw new NotFoundError('deployment', id);
    const before = toRecord(row);
    const after = { ...before, ...change };
    const at = now();
    await sql.run(
      `UPDATE deployments SET status = $2, values_json = $3::jsonb, fingerprint = $4, outputs_json = $5::jsonb, error_json = $6::jsonb,
         label = $7, version = $8, ever_deployed = $9, updated_at = $10, deployed_at = $11 WHERE id = $1 AND ${own()}`,
      [
        id,
        after.status,
        json(after.values),
        after.fingerprint,
        json(after.outputs),
        after.error ? json(after.error) : null,
        after.label,
        after.version,
        after.everDeployed,
        at,
        after.deployedAt,
      ],
    );
    if (change.status && change.status !== before.status) {
      await recordAudit(sql, deploymentStatusChanged(this.actor, id, before, after), at);
    }
    return this.get(sql, id);
  }

  /** Removes a deployment that never ran (its journal is empty): a cancelled or refused first deploy. */
  async forgetPending(sql: Sql, id: string): Promise<void> {
    const row = await sql.row<{ status: DeploymentStatus }>(`SELECT status FROM deployments WHERE id = $1 AND ${own()} FOR UPDATE`, [id]);
    if (!row) throw new NotFoundError('deployment', id);
    if (row.status !== 'pending') return;
    const journal = await sql.row(`SELECT 1 FROM deployment_journal WHERE deployment_id = $1 AND ${own()} LIMIT 1`, [id]);
    if (journal) return;
    await sql.run(`DELETE FROM deployments WHERE id = $1 AND ${own()}`, [id]);
    await recordAudit(sql, deploymentForgotten(this.actor, id, row.status), now());
  }

  async deployedTopologies(sql: Sql): Promise<{ environment: string; topology: string; updatedAt: string }[]> {
    const rows = await sql.rows<{ environment: string; topology: string; updated_at: string }>(
      `SELECT environment, topology, updated_at FROM deployed_topologies WHERE ${own()} ORDER BY environment, topology`,
    );
    return rows.map((row) => ({ environment: row.environment, topology: row.topology, updatedAt: row.updated_at }));
  }

  /** The document a topology was last deployed from in an environment (its dependencies order a destroy). */
  async topologyDocument(sql: Sql, environment: string, topology: string): Promise<unknown> {
    const row = await sql.row<{ document: unknown }>(
      `SELECT document FROM deployed_topologies WHERE environment = $1 AND topology = $2 AND ${own()}`,
      [environment, topology],
    );
    return row?.document;
  }

  async saveTopologyDocument(sql: Sql, environment: string, topology: string, document: unknown): Promise<void> {
    await sql.run(
      `INSERT INTO deployed_topologies (environment, topology, document, updated_at) VALUES ($1, $2, $3::jsonb, $4)
       ON CONFLICT (tenant, environment, topology) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at
       WHERE ${own('deployed_topologies.')}`,
      [environment, topology, json(document), now()],
    );
  }

  async forgetTopology(sql: Sql, environment: string, topology: string): Promise<void> {
    await sql.run(`DELETE FROM deployed_topologies WHERE environment = $1 AND topology = $2 AND ${own()}`, [environment, topology]);
  }

  /** Allocation owners (`deployment:<id>`) that still hold addresses, names or secrets. */
  async allocationOwners(sql: Sql): Promise<string[]> {
    const rows = await sql.rows<{ owner: string }>(
      `SELECT owner FROM ipam_allocations WHERE released_at IS NULL AND owner LIKE 'deployment:%' AND ${own()}
       UNION SELECT owner FROM naming_names WHERE released_at IS NULL AND owner LIKE 'deployment:%' AND ${own()}
       UNION SELECT owner FROM secrets WHERE released_at IS NULL AND owner LIKE 'deployment:%' AND ${own()}
       ORDER BY owner`,
    );
    return rows.map((row) => row.owner);
  }
}
