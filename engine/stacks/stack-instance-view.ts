import type { StackInstance, StateHistoryEntry } from '../api/schemas/stacks.js';
import { NotFoundError } from '../errors.js';
import type { HistoryRow, StackInstanceRow } from '../store/stack-repository.js';
import type { Store } from '../store/store.js';

/** An instance's stored row, or a NotFoundError naming the id: every request starts from it. */
export function instanceRow(store: Store, id: string): StackInstanceRow {
  const row = store.stacks.instance(id);
  if (!row) throw new NotFoundError('Stack instance', id);
  return row;
}

/** The name of the stack an instance belongs to (rows keep only its id). */
export function stackNameOf(store: Store, row: StackInstanceRow): string {
  const stack = store.stacks.byId(row.stack_id);
  if (!stack) throw new NotFoundError('Stack', row.stack_id);
  return stack.name;
}

/** The instance as the API shows it, built from its stored row. */
export function toInstance(store: Store, row: StackInstanceRow): StackInstance {
  const activity = row.activity ? (JSON.parse(row.activity) as StackInstance['activity']) : null;
  return {
    id: row.id,
    name: row.name,
    stack: stackNameOf(store, row),
    version: row.version,
    environment: row.environment,
    params: JSON.parse(row.params) as Record<string, unknown>,
    state: row.state,
    status: row.busy ? 'running' : row.last_error ? 'failed' : 'idle',
    activity: activity ? { workflow: activity.workflow, startedAt: activity.startedAt, deadline: activity.deadline ?? null, jobId: activity.jobId ?? null } : null,
    lastJob: row.last_job ? (JSON.parse(row.last_job) as StackInstance['lastJob']) : null,
    outputs: JSON.parse(row.outputs) as Record<string, unknown>,
    lastError: row.last_error,
    machineVersion: row.machine_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** One state change of an instance as the API shows it. */
export function toHistoryEntry(row: HistoryRow): StateHistoryEntry {
  return { seq: row.seq, from: row.from_state, to: row.to_state, trigger: row.trigger, cause: row.cause, at: row.at };
}
