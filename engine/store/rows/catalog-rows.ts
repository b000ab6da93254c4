/**
 * The rows of the catalog (components and stacks with their versions, stack instances, their state
 * history, the event log and the poller's watches) as both stores read them, and their records.
 */
import type { EventLogEntry } from '../../api/schemas/stacks.js';
import type {
  ComponentRecord,
  ComponentVersionRecord,
  StackActivityRecord,
  StackHistoryRecord,
  StackInstanceRecord,
  StackRecord,
  StackVersionRecord,
  WatchRecord,
} from '../ports/catalog-records.js';
import type { BoolColumn, ColumnDecoder, JsonColumn } from './decode.js';

/** A row of `components`. */
export interface ComponentRow {
  id: string;
  tenant: string | null;
  name: string;
  provider: string;
  semantic_type: string;
  description: string;
  system: BoolColumn;
  draft: JsonColumn;
  draft_revision: number;
  created_at: string;
  updated_at: string;
}

/** The columns every published version row has, whatever it is a version of. */
interface PublishedVersionColumns {
  version: number;
  definition: JsonColumn;
  changelog: string;
  published_at: string;
  published_by: string;
}

/** The record fields of a published version, components' and stacks' alike. */
const publishedVersion = (row: PublishedVersionColumns, columns: ColumnDecoder) => ({
  version: row.version,
  definition: columns.json<unknown>(row.definition),
  changelog: row.changelog,
  publishedAt: row.published_at,
  publishedBy: row.published_by,
});

/** A row of `component_versions`. */
export interface ComponentVersionRow extends PublishedVersionColumns {
  component_id: string;
}

/** The record of a component row. */
export const toComponent = (row: ComponentRow, columns: ColumnDecoder): ComponentRecord => ({
  id: row.id,
  name: row.name,
  provider: row.provider,
  semanticType: row.semantic_type,
  tenant: row.tenant,
  description: row.description,
  system: columns.bool(row.system),
  draft: columns.json<unknown>(row.draft),
  draftRevision: row.draft_revision,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** The record of a component version row. */
export const toComponentVersion = (row: ComponentVersionRow, columns: ColumnDecoder): ComponentVersionRecord => ({
  componentId: row.component_id,
  ...publishedVersion(row, columns),
});

/** A row of `stacks`. */
export interface StackRow {
  id: string;
  tenant: string | null;
  name: string;
  description: string;
  draft: JsonColumn;
  draft_revision: number;
  forked_from_stack: string | null;
  forked_from_version: number | null;
  created_at: string;
  updated_at: string;
}

/** A row of `stack_versions`. */
export interface StackVersionRow extends PublishedVersionColumns {
  stack_id: string;
}

/** A row of `stack_instances`. */
export interface StackInstanceRow {
  id: string;
  name: string;
  stack_id: string;
  version: number;
  environment: string;
  params: JsonColumn;
  state: string;
  busy: BoolColumn;
  activity: JsonColumn;
  last_job: JsonColumn;
  snapshot: JsonColumn;
  machine_version: number;
  outputs: JsonColumn;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  tenant: string;
}

/** A row of `stack_state_history`. */
export interface HistoryRow {
  instance_id: string;
  seq: number;
  from_state: string | null;
  to_state: string;
  trigger: string;
  cause: string;
  at: string;
}

/** A row of `event_log`. */
export interface EventRow {
  id: number;
  type: string;
  source: EventLogEntry['source'];
  instance_id: string | null;
  payload: JsonColumn;
  outcomes: JsonColumn;
  at: string;
}

/** A row of `watched_objects`. */
export interface WatchRow {
  deployment_id: string;
  path: string;
  fingerprint: string | null;
  condition: string;
  checked_at: string;
}

/** The record of a stack row. */
export const toStack = (row: StackRow, columns: ColumnDecoder): StackRecord => ({
  id: row.id,
  name: row.name,
  tenant: row.tenant,
  description: row.description,
  draft: columns.json<unknown>(row.draft),
  draftRevision: row.draft_revision,
  forkedFromStack: row.forked_from_stack,
  forkedFromVersion: row.forked_from_version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** The record of a stack version row. */
export const toStackVersion = (row: StackVersionRow, columns: ColumnDecoder): StackVersionRecord => ({
  stackId: row.stack_id,
  ...publishedVersion(row, columns),
});

/** The record of a stack instance row. */
export const toStackInstance = (row: StackInstanceRow, columns: ColumnDecoder): StackInstanceRecord => ({
  id: row.id,
  name: row.name,
  stackId: row.stack_id,
  version: row.version,
  environment: row.environment,
  params: columns.json<Record<string, unknown>>(row.params),
  state: row.state,
  busy: columns.bool(row.busy),
  activity: columns.jsonOrNull<StackActivityRecord>(row.activity),
  lastJob: columns.jsonOrNull<NonNullable<StackInstanceRecord['lastJob']>>(row.last_job),
  snapshot: columns.jsonOrNull<unknown>(row.snapshot),
  machineVersion: row.machine_version,
  outputs: columns.json<Record<string, unknown>>(row.outputs),
  lastError: row.last_error,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  tenant: row.tenant,
});

/** The record of a state history row. */
export const toHistory = (row: HistoryRow): StackHistoryRecord => ({
  instanceId: row.instance_id,
  seq: row.seq,
  from: row.from_state,
  to: row.to_state,
  trigger: row.trigger,
  cause: row.cause,
  at: row.at,
});

/** The entry of an event log row. */
export const toEvent = (row: EventRow, columns: ColumnDecoder): EventLogEntry => ({
  id: row.id,
  type: row.type,
  source: row.source,
  instanceId: row.instance_id,
  payload: columns.json<Record<string, unknown>>(row.payload),
  at: row.at,
  outcomes: columns.json<EventLogEntry['outcomes']>(row.outcomes),
});

/** The record of a watch row. */
export const toWatch = (row: WatchRow): WatchRecord => ({
  deploymentId: row.deployment_id,
  path: row.path,
  fingerprint: row.fingerprint,
  condition: row.condition,
  checkedAt: row.checked_at,
});
