/**
 * Every read and write of these repositories is limited to the current tenant scope
 * (`../../context/tenant-scope.ts`: the caller's tenant, the engine's own work, else the local tenant):
 * a record of another tenant reads exactly as one that does not exist, and a write to it changes
 * nothing. Catalog records (components, stacks, landing zones) of the tenant's ancestors and the
 * provider-level ones are visible too, never writable (`forbidden`). A new record belongs to the
 * scope's tenant, or to its parent record's. Where a method names a tenant (components, stacks,
 * governance), the scope still decides what is seen; a write for another tenant is `forbidden`.
 *
 * The repositories the engine's services depend on, as asynchronous interfaces: the SQLite store
 * honours them over its synchronous driver (`../sqlite-store-port.ts`), the PostgreSQL store over `pg`
 * (`../postgres/postgres-store-port.ts`).
 * Method names and records are those of the synchronous repositories, so a service moves to these
 * interfaces by adding `await`, nothing else. Records are domain records: camelCase, JSON parsed,
 * never a row or a JSON string. Writes that several calls make together belong in one unit of work
 * (`StorePort.unitOfWork`); outside one, each call is atomic by itself. The records are declared
 * beside these interfaces (`*-records.ts`), so an implementation needs nothing else from this folder.
 */
import type { CmdbItem, CmdbRelationship, DriftEntry, DriftRecord, JournalEntry } from '../../api/schemas/deployments.js';
import type { Job, JobEvent, JobStatus, WireError } from '../../api/schemas/jobs.js';
import type { EventLogEntry } from '../../api/schemas/stacks.js';
import type { Settings } from '../../api/schemas/system.js';
import type { Topology, TopologyDocument, TopologyDraft, TopologySummary } from '../../api/schemas/topology.js';
import type {
  ComponentRecord,
  ComponentVersionRecord,
  NewComponent,
  NewStack,
  NewStackInstance,
  StackHistoryRecord,
  StackInstancePatch,
  StackInstanceRecord,
  StackRecord,
  StackVersionRecord,
  WatchRecord,
} from './catalog-records.js';
import type {
  AuditEntry,
  AuditFilter,
  AuditRecord,
  CmdbItemInput,
  DeployLock,
  DeploymentChange,
  DeploymentRecord,
  DriftResolution,
  LockAttempt,
  NewDeployment,
  OpenJournalEntry,
} from './deployment-records.js';
import type { ApprovalPort } from './approval-records.js';
import type { BootstrapPort } from './bootstrap-records.js';
import type { IdentityPort } from './identity-records.js';
import type { TopologyDocumentPort } from './topology-document-records.js';
import type { DraftDocumentPort } from './draft-document-records.js';
import type { NotificationPort } from './notification-port.js';
import type { IdempotencyPort } from './sync-records.js';
import type { CostPort } from './cost-records.js';
// Bare metal.
import type { BareMetalPort } from './baremetal-records.js';
import type { CloudAccountPort } from './cloud-account-records.js';
import type {
  AllocationRecord,
  EnvironmentRecord,
  EnvironmentTemplateRecord,
  LandingZoneRecord,
  LeaseRecord,
  NewEnvironmentTemplate,
  NameRecord,
  PoolRecord,
  SecretMetadataRecord,
  SecretRecord,
} from './resolver-records.js';

/** User settings; unknown or corrupt stored values read as the defaults. */
export interface SettingsPort {
  get(): Promise<Settings>;
  update(patch: Partial<Settings>): Promise<Settings>;
}

/** Topologies with optimistic concurrency (a save names its base revision) and autosaved drafts. */
export interface TopologyPort {
  list(): Promise<TopologySummary[]>;
  /** Rejects with `not_found` for an unknown or deleted id. */
  get(id: string): Promise<Topology>;
  /**
   * {@link get} without the document (its node count instead), for callers that need the revision
   * or name only: a 1,000-node document is not read for them. `not_found` as `get`.
   */
  summary(id: string): Promise<TopologySummary>;
  /**
   * A new topology; with `id`, under that id (a desktop created it offline), refused with
   * `topology_exists` when a topology (of any tenant, even deleted) has it.
   */
  create(name: string, document?: TopologyDocument, id?: string): Promise<Topology>;
  /**
   * Rejects with `revision_conflict`, writing nothing, when the stored revision moved on. The audit
   * row holds both versions, or, with `documentHeads` (a shared document's change), only the heads
   * the document reached (`topologyMerged`).
   */
  save(
    id: string,
    expectedRevision: number,
    document: TopologyDocument,
    name?: string,
    options?: { keepDraft?: boolean; documentHeads?: readonly string[] },
  ): Promise<Topology>;
  /** Soft delete: the topology disappears from reads, its row and audit stay. */
  delete(id: string): Promise<void>;
  getDraft(id: string): Promise<TopologyDraft | null>;
  saveDraft(id: string, baseRevision: number, document: TopologyDocument): Promise<TopologyDraft>;
  discardDraft(id: string): Promise<boolean>;
}

/** Job records and their event log, written as the job runs. */
export interface JobPort {
  create(job: { id: string; kind: string; title: string; createdAt: string }): Promise<void>;
  finish(id: string, status: Exclude<JobStatus, 'running'>, finishedAt: string, error: WireError | null, result: unknown): Promise<void>;
  appendEvent(event: JobEvent): Promise<void>;
  get(id: string): Promise<Job>;
  /**
   * Whether a job with this id is in scope (the current tenant's), without reading the record: the
   * server asks it for every job whose events a client might hear.
   */
  visible(id: string): Promise<boolean>;
  list(limit?: number): Promise<Job[]>;
  /** How many jobs (in scope) are in each status, for the server's metrics. */
  countByStatus(): Promise<Partial<Record<JobStatus, number>>>;
  events(id: string): Promise<JobEvent[]>;
  markInterrupted(at: string): Promise<number>;
}

/**
 * IPAM pools and allocations. Atomicity: units of work that read a pool's allocations and then insert
 * into it must not interleave — SQLite holds the database write lock for the whole unit (IMMEDIATE),
 * PostgreSQL must lock the pool row (`SELECT … FOR UPDATE`) when a unit first reads the pool. A live
 * allocation's start is unique per pool (a unique index), so a second insert of it is refused.
 */
export interface IpamPort {
  poolById(id: string): Promise<PoolRecord | undefined>;
  poolByName(scope: string, name: string): Promise<PoolRecord | undefined>;
  pools(): Promise<PoolRecord[]>;
  rootPools(scope: string, family: 4 | 6): Promise<PoolRecord[]>;
  insertPool(pool: Omit<PoolRecord, 'generation'>): Promise<void>;
  /** The pool's generation (-1 for an unknown pool); every allocation change moves it on. */
  generation(poolId: string): Promise<number>;
  liveAllocations(poolId: string): Promise<AllocationRecord[]>;
  insertAllocation(allocation: AllocationRecord): Promise<void>;
  allocationById(id: string): Promise<AllocationRecord | undefined>;
  allocationByValue(poolId: string, value: string): Promise<AllocationRecord | undefined>;
  liveByOwner(owner: string): Promise<AllocationRecord[]>;
  release(allocation: AllocationRecord, at: string): Promise<void>;
  setKind(allocation: AllocationRecord, kind: AllocationRecord['kind']): Promise<void>;
  setOwner(allocation: AllocationRecord, owner: string): Promise<void>;
  childPools(parentId: string): Promise<PoolRecord[]>;
  deletePool(poolId: string, at: string): Promise<void>;
  usage(): Promise<{ poolId: string; kind: string; count: number }[]>;
  /** Renames a live pool of the scope (pool edits); false when there is none with that id. */
  renamePool(poolId: string, name: string): Promise<boolean>;
}

/**
 * Issued names; a live name is unique per scope. Units of work that read a series' sequences and then
 * insert its next name must not collide: SQLite runs units one after another, PostgreSQL locks the
 * series (an advisory lock) when a unit first reads its sequences.
 */
export interface NamingPort {
  usedSequences(scope: string, series: string): Promise<number[]>;
  liveName(scope: string, name: string): Promise<NameRecord | undefined>;
  insert(name: NameRecord): Promise<void>;
  byOwner(owner: string): Promise<NameRecord[]>;
  /** Gives a live name to another owner (a name taken from a lease becomes its user's). */
  setOwner(id: string, owner: string): Promise<void>;
  release(id: string, at: string): Promise<void>;
  list(scope: string): Promise<NameRecord[]>;
}

/** Offline leases (the addresses and names themselves are IPAM allocations and names owned by the lease). */
export interface LeasePort {
  insert(lease: Omit<LeaseRecord, 'endedAt' | 'endedReason'>): Promise<void>;
  get(id: string): Promise<LeaseRecord | undefined>;
  /** Leases, newest first: of one desktop, and only those not ended, when asked. */
  list(filter: { client?: string; live?: boolean }): Promise<LeaseRecord[]>;
  /** Live leases whose expiry is before `now`. */
  expired(now: string): Promise<LeaseRecord[]>;
  /** Ends a live lease; false when it had ended already. */
  end(id: string, at: string, reason: string): Promise<boolean>;
}

/** Encrypted secrets; listings never carry the encrypted columns. */
export interface SecretPort {
  insert(secret: SecretRecord): Promise<void>;
  byId(id: string): Promise<SecretRecord | undefined>;
  liveName(scope: string, name: string): Promise<SecretMetadataRecord | undefined>;
  list(scope: string): Promise<SecretMetadataRecord[]>;
  byOwner(owner: string): Promise<SecretMetadataRecord[]>;
  release(id: string, at: string): Promise<void>;
}

/** Landing zones, environment templates and environments (looked up by id or name). */
export interface LandingZonePort {
  insertZone(zone: LandingZoneRecord): Promise<void>;
  zone(idOrName: string): Promise<LandingZoneRecord | undefined>;
  zones(): Promise<LandingZoneRecord[]>;
  insertTemplate(template: NewEnvironmentTemplate): Promise<void>;
  template(zoneId: string, idOrName: string): Promise<EnvironmentTemplateRecord | undefined>;
  templateById(id: string): Promise<EnvironmentTemplateRecord | undefined>;
  templates(zoneId: string): Promise<EnvironmentTemplateRecord[]>;
  insertEnvironment(environment: EnvironmentRecord): Promise<void>;
  environment(idOrName: string): Promise<EnvironmentRecord | undefined>;
  environments(): Promise<EnvironmentRecord[]>;
  /**
   * The live environments of other tenants (below the scope's: only they see its zones) made in a
   * zone: a delete must not leave them pointing at nothing. Reads past the tenant filter, for this
   * check alone; it returns names and tenants, nothing else.
   */
  environmentsOfZoneElsewhere(zoneId: string): Promise<{ tenant: string; name: string }[]>;
  // Editing and removing landing zones, templates and environments.
  /**
   * Writes a zone's editable fields; false when no live zone of the scope has that id, `forbidden`
   * for a zone of a tenant above (visible, not writable). The service checks names and references.
   */
  updateZone(zone: Pick<LandingZoneRecord, 'id' | 'name' | 'description' | 'resolverConfig' | 'updatedAt'>): Promise<boolean>;
  /** Soft-deletes a zone and its templates (rows stay for the audit trail); false when it was gone. */
  deleteZone(id: string, at: string): Promise<boolean>;
  updateTemplate(
    template: Pick<EnvironmentTemplateRecord, 'id' | 'name' | 'mandatoryComponents' | 'componentDefaults' | 'resolverOverrides'>,
  ): Promise<boolean>;
  deleteTemplate(id: string, at: string): Promise<boolean>;
  updateEnvironment(environment: Pick<EnvironmentRecord, 'id' | 'name' | 'resolverOverrides' | 'updatedAt'>): Promise<boolean>;
  deleteEnvironment(id: string, at: string): Promise<boolean>;
}

/** The component catalog: drafts with revisions, immutable versions, governance policies per tenant. */
export interface ComponentPort {
  /**
   * Names are unique per tenant (and among provider-level components). A tenant's new component may
   * not take the name of a provider-level one (`component_exists`, `details.shadows: 'provider'`):
   * its own would hide the shared one every tenant sees.
   */
  insert(component: NewComponent): Promise<void>;
  byId(id: string): Promise<ComponentRecord | undefined>;
  /** The scope's own component of that name, else its nearest ancestor's, else the provider-level one. */
  byName(name: string, tenant: string): Promise<ComponentRecord | undefined>;
  visible(tenant: string): Promise<ComponentRecord[]>;
  /** Compare-and-swap on the draft revision: false, writing nothing, when it moved on. */
  saveDraft(id: string, expected: number, draft: unknown, description: string, now: string): Promise<boolean>;
  /** Rejects when that version already exists: published versions never change. */
  insertVersion(version: ComponentVersionRecord): Promise<void>;
  versions(componentId: string): Promise<ComponentVersionRecord[]>;
  version(componentId: string, version: number): Promise<ComponentVersionRecord | undefined>;
  latest(componentId: string): Promise<ComponentVersionRecord | undefined>;
  policy(tenant: string): Promise<unknown>;
  savePolicy(tenant: string, policy: unknown, now: string): Promise<void>;
}

/** Stacks (drafts, versions), their instances with persisted actors, history, event log, watches. */
export interface StackPort {
  /** Names as for components ({@link ComponentPort.insert}): a tenant's new stack may not hide a shared one (`stack_exists`). */
  insert(stack: NewStack): Promise<void>;
  byId(id: string): Promise<StackRecord | undefined>;
  byName(name: string, tenant: string): Promise<StackRecord | undefined>;
  visible(tenant: string): Promise<StackRecord[]>;
  saveDraft(id: string, expected: number, draft: unknown, description: string, now: string): Promise<boolean>;
  insertVersion(version: StackVersionRecord): Promise<void>;
  versions(stackId: string): Promise<StackVersionRecord[]>;
  version(stackId: string, version: number): Promise<StackVersionRecord | undefined>;
  latest(stackId: string): Promise<StackVersionRecord | undefined>;
  insertInstance(instance: NewStackInstance): Promise<void>;
  instance(id: string): Promise<StackInstanceRecord | undefined>;
  instanceByName(environment: string, name: string): Promise<StackInstanceRecord | undefined>;
  instances(): Promise<StackInstanceRecord[]>;
  /**
   * The instance, locked until the unit of work it is read in ends: the next transition is decided
   * from it, so two processes never both take one from the same stored snapshot.
   */
  lockInstance(id: string): Promise<StackInstanceRecord | undefined>;
  updateInstance(id: string, patch: StackInstancePatch): Promise<void>;
  /** Soft delete. */
  forgetInstance(id: string): Promise<void>;
  appendHistory(entry: Omit<StackHistoryRecord, 'seq'>): Promise<StackHistoryRecord>;
  history(instanceId: string): Promise<StackHistoryRecord[]>;
  appendEvent(entry: Omit<EventLogEntry, 'id'>): Promise<number>;
  events(filter?: { instanceId?: string; limit?: number }): Promise<EventLogEntry[]>;
  watch(deploymentId: string, path: string): Promise<WatchRecord | undefined>;
  saveWatch(watch: WatchRecord): Promise<void>;
  forgetWatches(deploymentId: string): Promise<void>;
}

/** Deployments and the topology documents they were deployed from; status changes are audited. */
export interface DeploymentPort {
  insert(deployment: NewDeployment): Promise<DeploymentRecord>;
  /** Rejects with `not_found` for an unknown id. */
  get(id: string): Promise<DeploymentRecord>;
  find(id: string): Promise<DeploymentRecord | undefined>;
  live(environment: string, topology: string): Promise<DeploymentRecord[]>;
  list(filter?: { environment?: string; topology?: string; includeDestroyed?: boolean }): Promise<DeploymentRecord[]>;
  update(id: string, change: DeploymentChange): Promise<DeploymentRecord>;
  forgetPending(id: string): Promise<void>;
  deployedTopologies(): Promise<{ environment: string; topology: string; updatedAt: string }[]>;
  topologyDocument(environment: string, topology: string): Promise<unknown>;
  saveTopologyDocument(environment: string, topology: string, document: unknown): Promise<void>;
  forgetTopology(environment: string, topology: string): Promise<void>;
  allocationOwners(): Promise<string[]>;
}

/** The deployment journal and the per-environment deploy locks (what crash recovery reads). */
export interface JournalPort {
  openJournal(deploymentId: string, operation: string, jobId: string | null): Promise<number>;
  closeJournal(id: number, outcome: string): Promise<void>;
  unfinishedJournal(): Promise<OpenJournalEntry[]>;
  journal(deploymentId: string): Promise<JournalEntry[]>;
  /** At most one holder per environment, also under concurrent attempts. */
  tryLock(environment: string, jobId: string | null): Promise<LockAttempt>;
  unlock(environment: string, jobId: string | null): Promise<void>;
  locks(): Promise<DeployLock[]>;
  breakLock(environment: string): Promise<void>;
}

/** Configuration items (one active per deployment) and their relationships. */
export interface CmdbPort {
  upsertCmdbItem(item: CmdbItemInput): Promise<CmdbItem>;
  activeCmdbItem(deploymentId: string): Promise<CmdbItem | undefined>;
  cmdbItemsOf(deploymentId: string): Promise<CmdbItem[]>;
  cmdbItems(): Promise<CmdbItem[]>;
  relate(target: string, sources: { source: string; kind: string; detail: string }[]): Promise<void>;
  relationships(): Promise<CmdbRelationship[]>;
  decommission(deploymentId: string): Promise<void>;
}

/** Drift history folded to changes (a repeated identical check counts on the latest record). */
export interface DriftPort {
  recordDrift(deploymentId: string, jobId: string | null, entries: DriftEntry[], resolution?: DriftResolution): Promise<DriftRecord>;
  latestDrift(deploymentId: string): Promise<DriftRecord | undefined>;
  driftRecords(deploymentId?: string): Promise<DriftRecord[]>;
}

/** The audit trail, written by the repositories in the transaction of each change. */
export interface AuditPort {
  history(entity: string, entityId: string): Promise<AuditRecord[]>;
  /** Rows matching the filter, newest first. */
  list(filter?: AuditFilter): Promise<AuditRecord[]>;
  /**
   * Appends a row in the caller's unit of work, for changes whose repositories do not audit them
   * themselves (landing zone, template, environment and pool edits and deletes).
   */
  record(entry: AuditEntry, at: string): Promise<void>;
}

/** Every repository, as one store offers them and as one unit of work binds them to its transaction. */
export interface Repositories {
  readonly settings: SettingsPort;
  readonly topologies: TopologyPort;
  /** The shared CRDT documents of topologies (snapshot and change log). */
  readonly topologyDocuments: TopologyDocumentPort;
  /** The shared CRDT documents of component and stack drafts. */
  readonly draftDocuments: DraftDocumentPort;
  readonly jobs: JobPort;
  readonly ipam: IpamPort;
  readonly naming: NamingPort;
  readonly leases: LeasePort;
  readonly secrets: SecretPort;
  readonly landingZones: LandingZonePort;
  readonly components: ComponentPort;
  readonly stacks: StackPort;
  readonly deployments: DeploymentPort;
  readonly journal: JournalPort;
  readonly cmdb: CmdbPort;
  readonly drift: DriftPort;
  readonly audit: AuditPort;
  /** Tenants, users, groups, tokens, custom roles and role bindings of the shared server. */
  readonly identity: IdentityPort;
  /** Approval policies and the requests of gated actions. */
  readonly approvals: ApprovalPort;
  /** The notification gateway: channels, subscriptions, templates, notifications and their delivery. */
  readonly notifications: NotificationPort;
  /** The idempotency keys of the HTTP API's calls (`Idempotency-Key`), per tenant and actor. */
  readonly idempotency: IdempotencyPort;
  /** Cost estimates: landing zone rate cards and imported pricing snapshots. */
  readonly costs: CostPort;
  /** Bare metal: provider registries, their machines and reservations. */
  readonly bareMetal: BareMetalPort;
  // Cloud accounts: provider credentials per landing zone.
  readonly cloudAccounts: CloudAccountPort;
  /** Landing-zone bootstrap: system services and their publication, environment provisioning. */
  readonly bootstrap: BootstrapPort;
}
