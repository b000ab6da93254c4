import type { CmdbItem, CmdbRelationship, Deployment, DeploymentStatus, DriftChange, DriftEntry, DriftRecord, JournalEntry } from '../api/schemas/deployments.js';
import type { WireError } from '../api/schemas/jobs.js';
import type { ResolvedValue } from '../planning/resolved-value.js';
import { NotFoundError } from '../errors.js';
import type { AuditLog } from './audit.js';
import type { SqliteDatabase } from './sqlite.js';

interface DeploymentRow {
  id: string;
  environment: string;
  topology: string;
  node_id: string;
  label: string;
  component: string;
  version: number;
  provider: string;
  semantic_type: string;
  stack_name: string;
  owner: string;
  status: DeploymentStatus;
  ever_deployed: number;
  values_json: string;
  fingerprint: string;
  outputs_json: string;
  error_json: string | null;
  created_at: string;
  updated_at: string;
  deployed_at: string | null;
  drifted: number;
}

interface DriftRow {
  id: number;
  deployment_id: string;
  job_id: string | null;
  checked_at: string;
  last_checked_at: string | null;
  checks: number;
  change: DriftChange | null;
  note: string | null;
  drifted: number;
  entries: string;
}

/** A deployment as the engine works with it: the API shape plus what only the engine needs. */
export interface DeploymentRecord extends Deployment {
  owner: string;
  fingerprint: string;
  /** Whether an `up` of this deployment ever succeeded (a failed first deploy is rolled back). */
  everDeployed: boolean;
}

export interface NewDeployment {
  id: string;
  environment: string;
  topology: string;
  nodeId: string;
  label: string;
  component: string;
  version: number;
  provider: string;
  semanticType: string;
  stackName: string;
  owner: string;
  values: Record<string, ResolvedValue>;
}

export interface OpenJournalEntry {
  id: number;
  deploymentId: string;
  jobId: string | null;
  operation: string;
  pid: number;
  startedAt: string;
}

interface CmdbItemRow {
  id: string;
  deployment_id: string;
  environment: string;
  name: string;
  semantic_type: string;
  provider: string;
  provider_id: string | null;
  urn: string | null;
  attributes: string;
  status: 'active' | 'decommissioned';
  created_at: string;
  updated_at: string;
  decommissioned_at: string | null;
}

const now = (): string => new Date().toISOString();

/**
 * SQL of deployments, their journal, deploy locks, CMDB items and drift records. Every status change
 * writes an audit row in the same transaction.
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
        `INSERT INTO deployments (id, environment, topology, node_id, label, component, version, provider, semantic_type, stack_name, owner, status, values_json, created_at, updated_at)
         VALUES (@id, @environment, @topology, @nodeId, @label, @component, @version, @provider, @semanticType, @stackName, @owner, 'pending', @values, @at, @at)`,
      ),
      byId: db.prepare<[string], DeploymentRow>('SELECT * FROM deployments WHERE id = ?'),
      live: db.prepare<[string, string], DeploymentRow>(`SELECT * FROM deployments WHERE environment = ? AND topology = ? AND status <> 'destroyed' ORDER BY created_at`),
      all: db.prepare<[], DeploymentRow>('SELECT * FROM deployments ORDER BY updated_at DESC, rowid DESC'),
      update: db.prepare(
        `UPDATE deployments SET status = @status, values_json = @values, fingerprint = @fingerprint, outputs_json = @outputs, error_json = @error,
           label = @label, version = @version, ever_deployed = @everDeployed, updated_at = @at, deployed_at = @deployedAt WHERE id = @id`,
      ),
      delete: db.prepare('DELETE FROM deployments WHERE id = ?'),
      topologies: db.prepare<[], { environment: string; topology: string; updated_at: string }>('SELECT environment, topology, updated_at FROM deployed_topologies ORDER BY environment, topology'),
      topologyDocument: db.prepare<[string, string], { document: string }>('SELECT document FROM deployed_topologies WHERE environment = ? AND topology = ?'),
      saveTopology: db.prepare(
        `INSERT INTO deployed_topologies (environment, topology, document, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (environment, topology) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at`,
      ),
      forgetTopology: db.prepare('DELETE FROM deployed_topologies WHERE environment = ? AND topology = ?'),
      journalOpen: db.prepare(`INSERT INTO deployment_journal (deployment_id, job_id, operation, pid, started_at) VALUES (?, ?, ?, ?, ?)`),
      journalClose: db.prepare(`UPDATE deployment_journal SET finished_at = ?, outcome = ? WHERE id = ?`),
      journalUnfinished: db.prepare<[], { id: number; deployment_id: string; job_id: string | null; operation: string; pid: number; started_at: string }>(
        'SELECT * FROM deployment_journal WHERE finished_at IS NULL ORDER BY id',
      ),
      journalOf: db.prepare<[string], { id: number; operation: string; job_id: string | null; started_at: string; finished_at: string | null; outcome: string | null }>(
        'SELECT * FROM deployment_journal WHERE deployment_id = ? ORDER BY id DESC',
      ),
      lock: db.prepare<[string], { environment: string; job_id: string | null; pid: number; acquired_at: string }>('SELECT * FROM deploy_locks WHERE environment = ?'),
      takeLock: db.prepare('INSERT INTO deploy_locks (environment, job_id, pid, acquired_at) VALUES (?, ?, ?, ?)'),
      dropLock: db.prepare('DELETE FROM deploy_locks WHERE environment = ? AND pid = ? AND coalesce(job_id, \'\') = coalesce(?, \'\')'),
      allLocks: db.prepare<[], { environment: string; job_id: string | null; pid: number; acquired_at: string }>('SELECT * FROM deploy_locks'),
      breakLock: db.prepare('DELETE FROM deploy_locks WHERE environment = ?'),
      cmdbActive: db.prepare<[string], CmdbItemRow>(`SELECT * FROM cmdb_items WHERE deployment_id = ? AND status = 'active'`),
      cmdbOf: db.prepare<[string], CmdbItemRow>('SELECT * FROM cmdb_items WHERE deployment_id = ? ORDER BY created_at DESC'),
      cmdbAll: db.prepare<[], CmdbItemRow>('SELECT * FROM cmdb_items ORDER BY environment, name, created_at'),
      cmdbInsert: db.prepare(
        `INSERT INTO cmdb_items (id, deployment_id, environment, name, semantic_type, provider, provider_id, urn, attributes, status, created_at, updated_at)
         VALUES (@id, @deploymentId, @environment, @name, @semanticType, @provider, @providerId, @urn, @attributes, 'active', @at, @at)`,
      ),
      cmdbUpdate: db.prepare(`UPDATE cmdb_items SET name = @name, provider_id = @providerId, urn = @urn, attributes = @attributes, updated_at = @at WHERE id = @id`),
      cmdbDecommission: db.prepare(`UPDATE cmdb_items SET status = 'decommissioned', decommissioned_at = ?, updated_at = ? WHERE deployment_id = ? AND status = 'active'`),
      relationships: db.prepare<[], { source_item: string; target_item: string; kind: string; detail: string }>('SELECT * FROM cmdb_relationships'),
      relate: db.prepare('INSERT OR IGNORE INTO cmdb_relationships (source_item, target_item, kind, detail, created_at) VALUES (?, ?, ?, ?, ?)'),
      unrelateTarget: db.prepare('DELETE FROM cmdb_relationships WHERE target_item = ?'),
      liveOwners: db.prepare<[], { owner: string }>(
        `SELECT owner FROM ipam_allocations WHERE released_at IS NULL AND owner LIKE 'deployment:%'
         UNION SELECT owner FROM naming_names WHERE released_at IS NULL AND owner LIKE 'deployment:%'
         UNION SELECT owner FROM secrets WHERE released_at IS NULL AND owner LIKE 'deployment:%'`,
      ),
      driftInsert: db.prepare(
        'INSERT INTO drift_records (deployment_id, job_id, checked_at, last_checked_at, checks, change, note, drifted, entries) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)',
      ),
      driftRepeat: db.prepare('UPDATE drift_records SET checks = checks + 1, last_checked_at = ?, job_id = ? WHERE id = ?'),
      driftLatest: db.prepare<[string], DriftRow>('SELECT * FROM drift_records WHERE deployment_id = ? ORDER BY id DESC LIMIT 1'),
      driftById: db.prepare<[number], DriftRow>('SELECT * FROM drift_records WHERE id = ?'),
      driftOf: db.prepare<[string], DriftRow>('SELECT * FROM drift_records WHERE deployment_id = ? ORDER BY id DESC'),
      driftAll: db.prepare<[], DriftRow>('SELECT * FROM drift_records ORDER BY id DESC LIMIT 1000'),
      setDrifted: db.prepare('UPDATE deployments SET drifted = ? WHERE id = ?'),
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
      this.audit.record({ actor: this.actor, action: 'deployment.create', entity: 'deployment', entityId: deployment.id, oldValue: null, newValue: { ...deployment, values: undefined } }, at);
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
    return this.s.all
      .all()
      .map(toRecord)
      .filter((d) => (filter.environment === undefined || d.environment === filter.environment) && (filter.topology === undefined || d.topology === filter.topology))
      .filter((d) => filter.includeDestroyed || d.status !== 'destroyed');
  }

  /** Changes a deployment's state; only the fields given change. */
  update(
    id: string,
    change: Partial<{ status: DeploymentStatus; values: Record<string, ResolvedValue>; fingerprint: string; outputs: Record<string, unknown>; error: WireError | null; label: string; version: number; everDeployed: boolean; deployedAt: string | null }>,
  ): DeploymentRecord {
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
        this.audit.record({ actor: this.actor, action: `deployment.${change.status}`, entity: 'deployment', entityId: id, oldValue: { status: before.status }, newValue: { status: change.status, error: after.error } }, at);
      }
      return this.get(id);
    });
  }

  /** Removes a deployment that never ran (its journal is empty): a cancelled or refused first deploy. */
  forgetPending(id: string): void {
    this.transaction(() => {
      const record = this.get(id);
      if (record.status !== 'pending' || this.s.journalOf.all(id).length > 0) return;
      this.s.delete.run(id);
      this.audit.record({ actor: this.actor, action: 'deployment.forget', entity: 'deployment', entityId: id, oldValue: { status: record.status }, newValue: null }, now());
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

  /** Writes the journal row before a Pulumi operation starts; the returned id closes it. */
  openJournal(deploymentId: string, operation: string, jobId: string | null): number {
    return Number(this.s.journalOpen.run(deploymentId, jobId, operation, process.pid, now()).lastInsertRowid);
  }

  closeJournal(id: number, outcome: string): void {
    this.s.journalClose.run(now(), outcome, id);
  }

  unfinishedJournal(): OpenJournalEntry[] {
    return this.s.journalUnfinished.all().map((row) => ({ id: row.id, deploymentId: row.deployment_id, jobId: row.job_id, operation: row.operation, pid: row.pid, startedAt: row.started_at }));
  }

  journal(deploymentId: string): JournalEntry[] {
    return this.s.journalOf.all(deploymentId).map((row) => ({ id: row.id, operation: row.operation, jobId: row.job_id, startedAt: row.started_at, finishedAt: row.finished_at, outcome: row.outcome }));
  }

  /** Takes the deploy lock of an environment, or returns who holds it. */
  tryLock(environment: string, jobId: string | null): { acquired: true } | { acquired: false; holder: { jobId: string | null; pid: number; acquiredAt: string } } {
    return this.transaction(() => {
      const held = this.s.lock.get(environment);
      if (held) return { acquired: false as const, holder: { jobId: held.job_id, pid: held.pid, acquiredAt: held.acquired_at } };
      this.s.takeLock.run(environment, jobId, process.pid, now());
      return { acquired: true as const };
    });
  }

  unlock(environment: string, jobId: string | null): void {
    this.s.dropLock.run(environment, process.pid, jobId);
  }

  locks(): { environment: string; jobId: string | null; pid: number; acquiredAt: string }[] {
    return this.s.allLocks.all().map((row) => ({ environment: row.environment, jobId: row.job_id, pid: row.pid, acquiredAt: row.acquired_at }));
  }

  /** Removes a lock whose holder is gone. */
  breakLock(environment: string): void {
    this.s.breakLock.run(environment);
  }

  /** Creates or refreshes the active configuration item of a deployment. */
  upsertCmdbItem(item: { id: string; deploymentId: string; environment: string; name: string; semanticType: string; provider: string; providerId: string | null; urn: string | null; attributes: Record<string, unknown> }): CmdbItem {
    return this.transaction(() => {
      const at = now();
      const existing = this.s.cmdbActive.get(item.deploymentId);
      if (existing) {
        this.s.cmdbUpdate.run({ id: existing.id, name: item.name, providerId: item.providerId, urn: item.urn, attributes: JSON.stringify(item.attributes), at });
      } else {
        this.s.cmdbInsert.run({ ...item, attributes: JSON.stringify(item.attributes), at });
      }
      return toCmdbItem(this.s.cmdbActive.get(item.deploymentId)!);
    });
  }

  activeCmdbItem(deploymentId: string): CmdbItem | undefined {
    const row = this.s.cmdbActive.get(deploymentId);
    return row ? toCmdbItem(row) : undefined;
  }

  cmdbItemsOf(deploymentId: string): CmdbItem[] {
    return this.s.cmdbOf.all(deploymentId).map(toCmdbItem);
  }

  cmdbItems(): CmdbItem[] {
    return this.s.cmdbAll.all().map(toCmdbItem);
  }

  /** Replaces the incoming relationships of `target` with `sources`. */
  relate(target: string, sources: { source: string; kind: string; detail: string }[]): void {
    this.transaction(() => {
      this.s.unrelateTarget.run(target);
      for (const source of sources) this.s.relate.run(source.source, target, source.kind, source.detail, now());
    });
  }

  relationships(): CmdbRelationship[] {
    return this.s.relationships.all().map((row) => ({ source: row.source_item, target: row.target_item, kind: row.kind, detail: row.detail }));
  }

  decommission(deploymentId: string): void {
    const at = now();
    this.s.cmdbDecommission.run(at, at, deploymentId);
  }

  /** Allocation owners (`deployment:<id>`) that still hold addresses, names or secrets. */
  allocationOwners(): string[] {
    return this.s.liveOwners.all().map((row) => row.owner);
  }

  /**
   * Records what a drift check found. The history keeps changes, not checks: when the deployment's
   * latest record already says the same (same drift, or in sync again), that record counts one more
   * check instead of a new row being written. A repair or accept (`resolution`) always writes a row.
   * The deployment's `drifted` flag follows in the same transaction.
   */
  recordDrift(deploymentId: string, jobId: string | null, entries: DriftEntry[], resolution?: { change: 'repaired' | 'accepted'; note: string }): DriftRecord {
    return this.transaction(() => {
      const at = now();
      const drifted = entries.length > 0;
      const json = JSON.stringify(entries);
      const latest = this.s.driftLatest.get(deploymentId);
      this.s.setDrifted.run(drifted ? 1 : 0, deploymentId);
      if (!resolution && latest && (latest.drifted === 1) === drifted && latest.entries === json) {
        this.s.driftRepeat.run(at, jobId, latest.id);
        return toDriftRecord(this.s.driftById.get(latest.id)!);
      }
      const change: DriftChange = resolution && !drifted ? resolution.change : drifted ? (latest?.drifted === 1 ? 'drift-changed' : 'drift-found') : latest?.drifted === 1 ? 'back-in-sync' : 'in-sync';
      const id = Number(this.s.driftInsert.run(deploymentId, jobId, at, at, change, resolution?.note ?? null, drifted ? 1 : 0, json).lastInsertRowid);
      return toDriftRecord(this.s.driftById.get(id)!);
    });
  }

  /** The newest drift record of a deployment, if it was ever checked. */
  latestDrift(deploymentId: string): DriftRecord | undefined {
    const row = this.s.driftLatest.get(deploymentId);
    return row ? toDriftRecord(row) : undefined;
  }

  driftRecords(deploymentId?: string): DriftRecord[] {
    const rows = deploymentId ? this.s.driftOf.all(deploymentId) : this.s.driftAll.all();
    return rows.map(toDriftRecord);
  }
}

function toRecord(row: DeploymentRow): DeploymentRecord {
  return {
    id: row.id,
    environment: row.environment,
    topology: row.topology,
    nodeId: row.node_id,
    label: row.label,
    component: row.component,
    version: row.version,
    provider: row.provider,
    semanticType: row.semantic_type,
    stackName: row.stack_name,
    status: row.status,
    values: JSON.parse(row.values_json) as Record<string, ResolvedValue>,
    outputs: JSON.parse(row.outputs_json) as Record<string, unknown>,
    error: row.error_json ? (JSON.parse(row.error_json) as WireError) : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deployedAt: row.deployed_at,
    owner: row.owner,
    fingerprint: row.fingerprint,
    everDeployed: row.ever_deployed === 1,
    drifted: row.drifted === 1 && row.status !== 'destroyed',
  };
}

function toDriftRecord(row: DriftRow): DriftRecord {
  return {
    id: row.id,
    deploymentId: row.deployment_id,
    jobId: row.job_id,
    checkedAt: row.checked_at,
    lastCheckedAt: row.last_checked_at ?? row.checked_at,
    checks: row.checks,
    change: row.change ?? (row.drifted === 1 ? 'drift-found' : 'in-sync'),
    note: row.note,
    drifted: row.drifted === 1,
    entries: JSON.parse(row.entries) as DriftEntry[],
  };
}

function toCmdbItem(row: CmdbItemRow): CmdbItem {
  return {
    id: row.id,
    deploymentId: row.deployment_id,
    environment: row.environment,
    name: row.name,
    semanticType: row.semantic_type,
    provider: row.provider,
    providerId: row.provider_id,
    urn: row.urn,
    attributes: JSON.parse(row.attributes) as Record<string, unknown>,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    decommissionedAt: row.decommissioned_at,
  };
}
