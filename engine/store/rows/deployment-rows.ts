/**
 * The rows of deployments and what hangs off them (the CMDB, drift history, the journal and deploy
 * locks) as both stores read them, and their records.
 */
import type { CmdbItem, DeploymentStatus, DriftChange, DriftEntry, DriftRecord, JournalEntry } from '../../api/schemas/deployments.js';
import type { WireError } from '../../api/schemas/jobs.js';
import type { ResolvedValue } from '../../planning/resolved-value.js';
import type { DeployLock, DeploymentRecord, OpenJournalEntry } from '../ports/deployment-records.js';
import type { BoolColumn, ColumnDecoder, JsonColumn } from './decode.js';

/** A row of `deployments`. */
export interface DeploymentRow {
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
  ever_deployed: BoolColumn;
  drifted: BoolColumn;
  values_json: JsonColumn;
  fingerprint: string;
  outputs_json: JsonColumn;
  error_json: JsonColumn;
  created_at: string;
  updated_at: string;
  deployed_at: string | null;
  tenant: string;
}

/** The record of a deployment row; a destroyed deployment never reads as drifted. */
export const toDeployment = (row: DeploymentRow, columns: ColumnDecoder): DeploymentRecord => ({
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
  values: columns.json<Record<string, ResolvedValue>>(row.values_json),
  outputs: columns.json<Record<string, unknown>>(row.outputs_json),
  error: columns.jsonOrNull<WireError>(row.error_json),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  deployedAt: row.deployed_at,
  owner: row.owner,
  fingerprint: row.fingerprint,
  everDeployed: columns.bool(row.ever_deployed),
  drifted: columns.bool(row.drifted) && row.status !== 'destroyed',
  tenant: row.tenant,
});

/** A row of `cmdb_items`. */
export interface CmdbItemRow {
  id: string;
  deployment_id: string;
  environment: string;
  name: string;
  semantic_type: string;
  provider: string;
  provider_id: string | null;
  urn: string | null;
  attributes: JsonColumn;
  status: CmdbItem['status'];
  created_at: string;
  updated_at: string;
  decommissioned_at: string | null;
}

/** The record of a CMDB item row. */
export const toCmdbItem = (row: CmdbItemRow, columns: ColumnDecoder): CmdbItem => ({
  id: row.id,
  deploymentId: row.deployment_id,
  environment: row.environment,
  name: row.name,
  semanticType: row.semantic_type,
  provider: row.provider,
  providerId: row.provider_id,
  urn: row.urn,
  attributes: columns.json<Record<string, unknown>>(row.attributes),
  status: row.status,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  decommissionedAt: row.decommissioned_at,
});

/**
 * A row of `drift_records`. Rows SQLite kept from before drift was folded to changes have no
 * `last_checked_at` or `change`; the mapper reads those as the check itself and its outcome.
 */
export interface DriftRow {
  id: number;
  deployment_id: string;
  job_id: string | null;
  checked_at: string;
  last_checked_at: string | null;
  checks: number;
  change: DriftChange | null;
  note: string | null;
  drifted: BoolColumn;
  entries: JsonColumn;
}

/** The record of a drift row. */
export const toDriftRecord = (row: DriftRow, columns: ColumnDecoder): DriftRecord => {
  const drifted = columns.bool(row.drifted);
  return {
    id: row.id,
    deploymentId: row.deployment_id,
    jobId: row.job_id,
    checkedAt: row.checked_at,
    lastCheckedAt: row.last_checked_at ?? row.checked_at,
    checks: row.checks,
    change: row.change ?? (drifted ? 'drift-found' : 'in-sync'),
    note: row.note,
    drifted,
    entries: columns.json<DriftEntry[]>(row.entries),
  };
};

/** A row of `deployment_journal` still open (crash recovery reads these). */
export interface OpenJournalRow {
  id: number;
  deployment_id: string;
  job_id: string | null;
  operation: string;
  pid: number;
  started_at: string;
}

/** The entry of an open journal row. */
export const toOpenJournalEntry = (row: OpenJournalRow): OpenJournalEntry => ({
  id: row.id,
  deploymentId: row.deployment_id,
  jobId: row.job_id,
  operation: row.operation,
  pid: row.pid,
  startedAt: row.started_at,
});

/** A row of `deployment_journal` as a deployment's journal shows it. */
export interface JournalRow {
  id: number;
  operation: string;
  job_id: string | null;
  started_at: string;
  finished_at: string | null;
  outcome: string | null;
}

/** The entry of a journal row. */
export const toJournalEntry = (row: JournalRow): JournalEntry => ({
  id: row.id,
  operation: row.operation,
  jobId: row.job_id,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  outcome: row.outcome,
});

/** A row of `deploy_locks`. */
export interface LockRow {
  environment: string;
  job_id: string | null;
  pid: number;
  acquired_at: string;
}

/** The lock of a lock row. */
export const toDeployLock = (row: LockRow): DeployLock => ({
  environment: row.environment,
  jobId: row.job_id,
  pid: row.pid,
  acquiredAt: row.acquired_at,
});
