import type { SqliteDatabase } from './sqlite.js';

export interface StackRow {
  id: string;
  name: string;
  tenant: string | null;
  description: string;
  draft: string;
  draft_revision: number;
  forked_from_stack: string | null;
  forked_from_version: number | null;
  created_at: string;
  updated_at: string;
}

export interface StackVersionRow {
  stack_id: string;
  version: number;
  definition: string;
  changelog: string;
  published_at: string;
  published_by: string;
}

export interface StackInstanceRow {
  id: string;
  name: string;
  stack_id: string;
  version: number;
  environment: string;
  params: string;
  state: string;
  busy: number;
  activity: string | null;
  last_job: string | null;
  snapshot: string | null;
  machine_version: number;
  outputs: string;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface HistoryRow {
  instance_id: string;
  seq: number;
  from_state: string | null;
  to_state: string;
  trigger: string;
  cause: string;
  at: string;
}

export interface EventRow {
  id: number;
  type: string;
  source: string;
  instance_id: string | null;
  payload: string;
  outcomes: string;
  at: string;
}

export interface WatchRow {
  deployment_id: string;
  path: string;
  fingerprint: string | null;
  condition: string;
  checked_at: string;
}

type InstancePatch = Partial<Pick<StackInstanceRow, 'version' | 'params' | 'state' | 'busy' | 'activity' | 'last_job' | 'snapshot' | 'machine_version' | 'outputs' | 'last_error'>>;
const PATCHABLE = new Set(['version', 'params', 'state', 'busy', 'activity', 'last_job', 'snapshot', 'machine_version', 'outputs', 'last_error']);

/** SQL of stacks: drafts and immutable versions, instances with persisted actors, history, the event log. */
export class StackRepository {
  private readonly statements;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO stacks (id, name, tenant, description, draft, draft_revision, forked_from_stack, forked_from_version, created_at, updated_at)
         VALUES (@id, @name, @tenant, @description, @draft, 1, @forked_from_stack, @forked_from_version, @created_at, @created_at)`,
      ),
      byId: db.prepare<[string], StackRow>('SELECT * FROM stacks WHERE id = ? AND deleted_at IS NULL'),
      // A tenant sees its own stacks and the provider-level ones; its own win on a name clash.
      byName: db.prepare<[string, string], StackRow>('SELECT * FROM stacks WHERE name = ? AND deleted_at IS NULL AND (tenant IS NULL OR tenant = ?) ORDER BY tenant IS NULL LIMIT 1'),
      visible: db.prepare<[string], StackRow>('SELECT * FROM stacks WHERE deleted_at IS NULL AND (tenant IS NULL OR tenant = ?) ORDER BY name'),
      saveDraft: db.prepare(
        `UPDATE stacks SET draft = @draft, description = @description, draft_revision = draft_revision + 1, updated_at = @now
         WHERE id = @id AND draft_revision = @expected AND deleted_at IS NULL`,
      ),
      insertVersion: db.prepare(
        `INSERT INTO stack_versions (stack_id, version, definition, changelog, published_at, published_by)
         VALUES (@stack_id, @version, @definition, @changelog, @published_at, @published_by)`,
      ),
      versions: db.prepare<[string], StackVersionRow>('SELECT * FROM stack_versions WHERE stack_id = ? ORDER BY version'),
      version: db.prepare<[string, number], StackVersionRow>('SELECT * FROM stack_versions WHERE stack_id = ? AND version = ?'),
      latest: db.prepare<[string], StackVersionRow>('SELECT * FROM stack_versions WHERE stack_id = ? ORDER BY version DESC LIMIT 1'),

      insertInstance: db.prepare(
        `INSERT INTO stack_instances (id, name, stack_id, version, environment, params, state, busy, activity, snapshot, machine_version, outputs, last_error, created_at, updated_at)
         VALUES (@id, @name, @stack_id, @version, @environment, @params, @state, 0, NULL, NULL, @machine_version, '{}', NULL, @created_at, @created_at)`,
      ),
      instance: db.prepare<[string], StackInstanceRow>('SELECT * FROM stack_instances WHERE id = ? AND deleted_at IS NULL'),
      instanceByName: db.prepare<[string, string], StackInstanceRow>('SELECT * FROM stack_instances WHERE environment = ? AND name = ? AND deleted_at IS NULL'),
      instances: db.prepare<[], StackInstanceRow>('SELECT * FROM stack_instances WHERE deleted_at IS NULL ORDER BY environment, name'),
      forgetInstance: db.prepare('UPDATE stack_instances SET deleted_at = @now, updated_at = @now WHERE id = @id'),

      nextSeq: db.prepare<[string], { seq: number }>('SELECT coalesce(max(seq), 0) + 1 AS seq FROM stack_state_history WHERE instance_id = ?'),
      appendHistory: db.prepare('INSERT INTO stack_state_history (instance_id, seq, from_state, to_state, trigger, cause, at) VALUES (@instance_id, @seq, @from_state, @to_state, @trigger, @cause, @at)'),
      history: db.prepare<[string], HistoryRow>('SELECT * FROM stack_state_history WHERE instance_id = ? ORDER BY seq'),

      appendEvent: db.prepare('INSERT INTO event_log (type, source, instance_id, payload, outcomes, at) VALUES (@type, @source, @instance_id, @payload, @outcomes, @at)'),
      events: db.prepare<[number], EventRow>('SELECT * FROM event_log ORDER BY id DESC LIMIT ?'),
      eventsOf: db.prepare<[string, string, number], EventRow>(
        `SELECT * FROM event_log WHERE instance_id = ? OR EXISTS (SELECT 1 FROM json_each(outcomes) WHERE json_extract(value, '$.instanceId') = ?) ORDER BY id DESC LIMIT ?`,
      ),

      watch: db.prepare<[string, string], WatchRow>('SELECT * FROM watched_objects WHERE deployment_id = ? AND path = ?'),
      saveWatch: db.prepare(
        `INSERT INTO watched_objects (deployment_id, path, fingerprint, condition, checked_at) VALUES (@deployment_id, @path, @fingerprint, @condition, @checked_at)
         ON CONFLICT (deployment_id, path) DO UPDATE SET fingerprint = excluded.fingerprint, condition = excluded.condition, checked_at = excluded.checked_at`,
      ),
      forgetWatches: db.prepare('DELETE FROM watched_objects WHERE deployment_id = ?'),
    };
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  insert(row: Omit<StackRow, 'draft_revision' | 'updated_at'>): void {
    this.statements.insert.run(row);
  }
  byId(id: string): StackRow | undefined {
    return this.statements.byId.get(id);
  }
  byName(name: string, tenant: string): StackRow | undefined {
    return this.statements.byName.get(name, tenant);
  }
  visible(tenant: string): StackRow[] {
    return this.statements.visible.all(tenant);
  }
  /** False when the draft changed since `expected` (nothing is written then). */
  saveDraft(id: string, expected: number, draft: string, description: string, now: string): boolean {
    return this.statements.saveDraft.run({ id, expected, draft, description, now }).changes === 1;
  }
  insertVersion(row: StackVersionRow): void {
    this.statements.insertVersion.run(row);
  }
  versions(stackId: string): StackVersionRow[] {
    return this.statements.versions.all(stackId);
  }
  version(stackId: string, version: number): StackVersionRow | undefined {
    return this.statements.version.get(stackId, version);
  }
  latest(stackId: string): StackVersionRow | undefined {
    return this.statements.latest.get(stackId);
  }

  insertInstance(row: Pick<StackInstanceRow, 'id' | 'name' | 'stack_id' | 'version' | 'environment' | 'params' | 'state' | 'machine_version' | 'created_at'>): void {
    this.statements.insertInstance.run(row);
  }
  instance(id: string): StackInstanceRow | undefined {
    return this.statements.instance.get(id);
  }
  instanceByName(environment: string, name: string): StackInstanceRow | undefined {
    return this.statements.instanceByName.get(environment, name);
  }
  instances(): StackInstanceRow[] {
    return this.statements.instances.all();
  }
  updateInstance(id: string, patch: InstancePatch): void {
    const keys = (Object.keys(patch) as (keyof InstancePatch)[]).filter((key) => PATCHABLE.has(key));
    if (keys.length === 0) return;
    const assignments = keys.map((key) => `${key} = @${key}`).join(', ');
    this.db.prepare(`UPDATE stack_instances SET ${assignments}, updated_at = @updated_at WHERE id = @id`).run({ ...patch, id, updated_at: new Date().toISOString() });
  }
  forgetInstance(id: string): void {
    this.statements.forgetInstance.run({ id, now: new Date().toISOString() });
  }

  appendHistory(entry: Omit<HistoryRow, 'seq'>): HistoryRow {
    const row = { ...entry, seq: this.statements.nextSeq.get(entry.instance_id)!.seq };
    this.statements.appendHistory.run(row);
    return row;
  }
  history(instanceId: string): HistoryRow[] {
    return this.statements.history.all(instanceId);
  }

  appendEvent(row: Omit<EventRow, 'id'>): number {
    return Number(this.statements.appendEvent.run(row).lastInsertRowid);
  }
  events(filter: { instanceId?: string; limit?: number } = {}): EventRow[] {
    const limit = Math.min(Math.max(filter.limit ?? 200, 1), 5000);
    return filter.instanceId ? this.statements.eventsOf.all(filter.instanceId, filter.instanceId, limit) : this.statements.events.all(limit);
  }

  watch(deploymentId: string, path: string): WatchRow | undefined {
    return this.statements.watch.get(deploymentId, path);
  }
  saveWatch(row: WatchRow): void {
    this.statements.saveWatch.run(row);
  }
  forgetWatches(deploymentId: string): void {
    this.statements.forgetWatches.run(deploymentId);
  }
}
