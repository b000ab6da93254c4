/**
 * The records of the component catalog and of stacks, as every store implementation returns them:
 * camelCase, JSON documents parsed (drafts and definitions stay `unknown`: their services validate them).
 */

/**
 * A component of the catalog with its editable draft. The draft is parsed JSON the component service
 * validates: the store keeps documents, it does not judge them.
 */
export interface ComponentRecord {
  id: string;
  name: string;
  provider: string;
  semanticType: string;
  /** Null for a provider-level (shared) component. */
  tenant: string | null;
  description: string;
  /** A built-in component, read-only to users. */
  system: boolean;
  draft: unknown;
  /** Moves on with every saved draft; saves name the revision they were based on. */
  draftRevision: number;
  createdAt: string;
  updatedAt: string;
}

/** A new component: its draft starts at revision 1. */
export type NewComponent = Omit<ComponentRecord, 'draftRevision' | 'updatedAt'>;

/** One published, immutable version of a component. */
export interface ComponentVersionRecord {
  componentId: string;
  version: number;
  definition: unknown;
  changelog: string;
  publishedAt: string;
  publishedBy: string;
}

/** A stack blueprint with its editable draft (parsed JSON the stack service validates). */
export interface StackRecord {
  id: string;
  name: string;
  /** Null for a provider-level (shared) stack. */
  tenant: string | null;
  description: string;
  draft: unknown;
  draftRevision: number;
  forkedFromStack: string | null;
  forkedFromVersion: number | null;
  createdAt: string;
  updatedAt: string;
}

/** A new stack: its draft starts at revision 1. */
export type NewStack = Omit<StackRecord, 'draftRevision' | 'updatedAt'>;

/** One published, immutable version of a stack. */
export interface StackVersionRecord {
  stackId: string;
  version: number;
  definition: unknown;
  changelog: string;
  publishedAt: string;
  publishedBy: string;
}

/** The workflow an instance is running, and the process running it. */
export interface StackActivityRecord {
  workflow: string;
  startedAt: string;
  deadline?: string | null;
  jobId?: string | null;
  /** The process that queued the job (locally, the one that runs it). */
  pid?: number;
  /** The question a confirm step of the running operation waits on. */
  awaiting?: string | null;
  /** When the waiting step was confirmed (through whichever process). */
  confirmedAt?: string | null;
}

/** A stack instance with its persisted actor (snapshot and the machine version it belongs to). */
export interface StackInstanceRecord {
  id: string;
  name: string;
  stackId: string;
  version: number;
  environment: string;
  params: Record<string, unknown>;
  state: string;
  busy: boolean;
  activity: StackActivityRecord | null;
  lastJob: { workflow: string; jobId: string; startedAt: string } | null;
  /** The XState persisted snapshot, or null until the actor first writes it. */
  snapshot: unknown;
  machineVersion: number;
  outputs: Record<string, unknown>;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  /** The tenant it belongs to: the engine restores it in that tenant after a restart. */
  tenant: string;
}

/** A new instance: idle, no snapshot yet, no outputs. */
export type NewStackInstance = Pick<
  StackInstanceRecord,
  'id' | 'name' | 'stackId' | 'version' | 'environment' | 'params' | 'state' | 'machineVersion' | 'createdAt'
>;

/** The fields of an instance that change as it runs; only those given are written. */
export type StackInstancePatch = Partial<
  Pick<
    StackInstanceRecord,
    'version' | 'params' | 'state' | 'busy' | 'activity' | 'lastJob' | 'snapshot' | 'machineVersion' | 'outputs' | 'lastError'
  >
>;

/** One state change of an instance, numbered per instance. */
export interface StackHistoryRecord {
  instanceId: string;
  seq: number;
  from: string | null;
  to: string;
  trigger: string;
  cause: string;
  at: string;
}

/** What the local object poller last saw of one watched object. */
export interface WatchRecord {
  deploymentId: string;
  path: string;
  fingerprint: string | null;
  condition: string;
  checkedAt: string;
}
