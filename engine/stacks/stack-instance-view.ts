import type { StackInstance, StateHistoryEntry } from '../api/schemas/stacks.js';
import { NotFoundError } from '../errors.js';
import type { StackHistoryRecord, StackInstanceRecord } from '../store/ports/catalog-records.js';
import type { StackPort } from '../store/ports/repositories.js';

/** The repositories the views read. */
type StackReader = { readonly stacks: StackPort };

/** An instance's stored row, or a NotFoundError naming the id: every request starts from it. */
export async function instanceRow(store: StackReader, id: string): Promise<StackInstanceRecord> {
  const row = await store.stacks.instance(id);
  if (!row) throw new NotFoundError('Stack instance', id);
  return row;
}

/** The name of the stack an instance belongs to (rows keep only its id). */
export async function stackNameOf(store: StackReader, row: Pick<StackInstanceRecord, 'stackId'>): Promise<string> {
  const stack = await store.stacks.byId(row.stackId);
  if (!stack) throw new NotFoundError('Stack', row.stackId);
  return stack.name;
}

/** The instance as the API shows it, built from its stored row. */
export async function toInstance(store: StackReader, row: StackInstanceRecord): Promise<StackInstance> {
  const activity = row.activity;
  return {
    id: row.id,
    name: row.name,
    stack: await stackNameOf(store, row),
    version: row.version,
    environment: row.environment,
    params: row.params,
    state: row.state,
    status: row.busy ? 'running' : row.lastError ? 'failed' : 'idle',
    activity: activity
      ? { workflow: activity.workflow, startedAt: activity.startedAt, deadline: activity.deadline ?? null, jobId: activity.jobId ?? null }
      : null,
    lastJob: row.lastJob,
    outputs: row.outputs,
    lastError: row.lastError,
    machineVersion: row.machineVersion,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** One state change of an instance as the API shows it. */
export function toHistoryEntry(row: StackHistoryRecord): StateHistoryEntry {
  return { seq: row.seq, from: row.from, to: row.to, trigger: row.trigger, cause: row.cause, at: row.at };
}
