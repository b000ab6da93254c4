/** The records of deployments, their journal and locks, the CMDB, drift and the audit trail. */
import type { Deployment, DeploymentStatus } from '../../api/schemas/deployments.js';
import type { WireError } from '../../api/schemas/jobs.js';
import type { ResolvedValue } from '../../planning/resolved-value.js';

/** A deployment as the engine works with it: the API shape plus what only the engine needs. */
export interface DeploymentRecord extends Deployment {
  owner: string;
  fingerprint: string;
  /** Whether an `up` of this deployment ever succeeded (a failed first deploy is rolled back). */
  everDeployed: boolean;
  /** The tenant it belongs to: the engine's own work (the poller) acts on it in that tenant. */
  tenant: string;
}

/** A deployment as a deploy first records it (pending, before anything runs). */
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

/** The fields of a deployment that change as it is deployed, upgraded and destroyed; only those given change. */
export type DeploymentChange = Partial<{
  status: DeploymentStatus;
  values: Record<string, ResolvedValue>;
  fingerprint: string;
  outputs: Record<string, unknown>;
  error: WireError | null;
  label: string;
  version: number;
  everDeployed: boolean;
  deployedAt: string | null;
}>;

/** A journal row whose Pulumi operation never closed: crash recovery works from these. */
export interface OpenJournalEntry {
  id: number;
  deploymentId: string;
  jobId: string | null;
  operation: string;
  pid: number;
  startedAt: string;
}

/** Who holds the deploy lock of an environment. */
export interface DeployLock {
  environment: string;
  jobId: string | null;
  pid: number;
  acquiredAt: string;
}

/** The outcome of {@link JournalRepository.tryLock}: taken, or who holds it. */
export type LockAttempt = { acquired: true } | { acquired: false; holder: Omit<DeployLock, 'environment'> };

/** What a deploy knows of the configuration item of a deployment; the store adds status and times. */
export interface CmdbItemInput {
  id: string;
  deploymentId: string;
  environment: string;
  name: string;
  semanticType: string;
  provider: string;
  providerId: string | null;
  urn: string | null;
  attributes: Record<string, unknown>;
}

/** A repair or accept that a drift record notes as its change. */
export interface DriftResolution {
  change: 'repaired' | 'accepted';
  note: string;
}

/** One change to audit: who did what to which entity, with the values before and after. */
export interface AuditEntry {
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  oldValue: unknown;
  newValue: unknown;
  traceId?: string;
}

/** One audit row as read back: the entry with its sequence number, time and the call that made it. */
export interface AuditRecord extends Required<AuditEntry> {
  id: number;
  at: string;
  tenant: string;
  /** The API call that made the change (null for the engine's own work: start-up, recovery). */
  requestId: string | null;
  clientAddress: string | null;
}

/** Which audit rows to read: every given field must match; newest first. */
export interface AuditFilter {
  actor?: string;
  action?: string;
  entity?: string;
  entityId?: string;
  /** Rows at or after this ISO time. */
  since?: string;
  /** Rows before this ISO time. */
  until?: string;
  /** Rows with an id below this one (the next page after the last row read). */
  beforeId?: number;
  /** At most this many rows (default 100, at most 10,000). */
  limit?: number;
}
