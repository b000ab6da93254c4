import type { EventLogEntry } from '../api/schemas/stacks.js';
import type { SqliteDatabase } from './sqlite.js';
import { NEW_TENANT, own, parentTenant, visible, writable } from './rows/tenant-sql.js';
import { checksSharedName, newRecordRefusal, readOnlyRefusal, sharedNameRefusal, sharedNameSql } from './rows/tenant-checks.js';
import { NotFoundError } from '../errors.js';
import { currentTenantScope } from '../context/tenant-scope.js';
import type {
  StackRecord,
  NewStack,
  StackVersionRecord,
  StackInstanceRecord,
  NewStackInstance,
  StackInstancePatch,
  StackHistoryRecord,
  WatchRecord,
} from './ports/catalog-records.js';
export type {
  StackRecord,
  NewStack,
  StackVersionRecord,
  StackActivityRecord,
  StackInstanceRecord,
  NewStackInstance,
  StackInstancePatch,
  StackHistoryRecord,
  WatchRecord,
} from './ports/catalog-records.js';
import { mapRow, sqliteColumns } from './rows/decode.js';
import * as catalogRows from './rows/catalog-rows.js';
import type { EventRow, HistoryRow, StackInstanceRow, StackRow, StackVersionRow, WatchRow } from './rows/catalog-rows.js';

const toStack = (row: StackRow | undefined) => mapRow(row, (found) => catalogRows.toStack(found, sqliteColumns));
const toVersion = (row: StackVersionRow | undefined) => mapRow(row, (found) => catalogRows.toStackVersion(found, sqliteColumns));
const toInstance = (row: StackInstanceRow | undefined) => mapRow(row, (found) => catalogRows.toStackInstance(found, sqliteColumns));
const toEvent = (row: EventRow) => catalogRows.toEvent(row, sqliteColumns);

/** Each patchable field: its column and how its value is written. */
const PATCH_COLUMNS: { [K in keyof Required<StackInstancePatch>]: [column: string, write: (value: StackInstancePatch[K]) => unknown] } = {
  version: ['version', (value) => value],
  params: ['params', (value) => JSON.stringify(value)],
  state: ['state', (value) => value],
  busy: ['busy', (value) => (value ? 1 : 0)],
  activity: ['activity', (value) => (value ? JSON.stringify(value) : null)],
  lastJob: ['last_job', (value) => (value ? JSON.stringify(value) : null)],
  snapshot: ['snapshot', (value) => (value === null || value === undefined ? null : JSON.stringify(value))],
  machineVersion: ['machine_version', (value) => value],
  outputs: ['outputs', (value) => JSON.stringify(value)],
  lastError: ['last_error', (value) => value],
};

/** SQL of stacks: drafts and immutable versions, instances with persisted actors, history, the event log. */
export class StackRepository {
  private readonly statements;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO stacks (id, name, tenant, description, draft, draft_revision, forked_from_stack, forked_from_version, created_at, updated_at)
         VALUES (@id, @name, @tenant, @description, @draft, 1, @forkedFromStack, @forkedFromVersion, @createdAt, @createdAt)`,
      ),
      byId: db.prepare<[string], StackRow>(`SELECT * FROM stacks WHERE id = ? AND deleted_at IS NULL AND ${visible()}`),
      // A tenant sees its own stacks, its ancestors' and the provider-level ones; its own win on a name clash.
      byName: db.prepare<[string], StackRow>(
        `SELECT * FROM stacks WHERE name = ? AND deleted_at IS NULL AND ${visible()} ORDER BY coalesce(tenant = nimbus_tenant(), 0) DESC, tenant IS NULL LIMIT 1`,
      ),
      visible: db.prepare<[], StackRow>(`SELECT * FROM stacks WHERE deleted_at IS NULL AND ${visible()} ORDER BY name`),
      access: db.prepare<[string], { writable: number }>(`SELECT ${writable()} AS writable FROM stacks WHERE id = ? AND ${visible()}`),
      subTenant: db.prepare<[string | null], { id: string }>('SELECT id FROM tenants WHERE id = ? AND parent IS NOT NULL'),
      sharedNamed: db.prepare<[string], { taken: number }>(sharedNameSql('stacks', '?')),
      saveDraft: db.prepare(
        `UPDATE stacks SET draft = @draft, description = @description, draft_revision = draft_revision + 1, updated_at = @now
         WHERE id = @id AND draft_revision = @expected AND deleted_at IS NULL AND ${writable()}`,
      ),
      insertVersion: db.prepare(
        `INSERT INTO stack_versions (stack_id, version, definition, changelog, published_at, published_by, tenant)
         VALUES (@stackId, @version, @definition, @changelog, @publishedAt, @publishedBy, (SELECT tenant FROM stacks WHERE id = @stackId))`,
      ),
      versions: db.prepare<[string], StackVersionRow>(`SELECT * FROM stack_versions WHERE stack_id = ? AND ${visible()} ORDER BY version`),
      version: db.prepare<[string, number], StackVersionRow>(
        `SELECT * FROM stack_versions WHERE stack_id = ? AND version = ? AND ${visible()}`,
      ),
      latest: db.prepare<[string], StackVersionRow>(
        `SELECT * FROM stack_versions WHERE stack_id = ? AND ${visible()} ORDER BY version DESC LIMIT 1`,
      ),

      insertInstance: db.prepare(
        `INSERT INTO stack_instances (id, name, stack_id, version, environment, params, state, busy, activity, snapshot, machine_version, outputs, last_error, created_at, updated_at, tenant)
         VALUES (@id, @name, @stackId, @version, @environment, @params, @state, 0, NULL, NULL, @machineVersion, '{}', NULL, @createdAt, @createdAt, ${NEW_TENANT})`,
      ),
      instance: db.prepare<[string], StackInstanceRow>(`SELECT * FROM stack_instances WHERE id = ? AND deleted_at IS NULL AND ${own()}`),
      instanceByName: db.prepare<[string, string], StackInstanceRow>(
        `SELECT * FROM stack_instances WHERE environment = ? AND name = ? AND deleted_at IS NULL AND ${own()}`,
      ),
      instances: db.prepare<[], StackInstanceRow>(
        `SELECT * FROM stack_instances WHERE deleted_at IS NULL AND ${own()} ORDER BY environment, name`,
      ),
      forgetInstance: db.prepare(`UPDATE stack_instances SET deleted_at = @now, updated_at = @now WHERE id = @id AND ${own()}`),

      nextSeq: db.prepare<[string], { seq: number }>(
        `SELECT coalesce(max(seq), 0) + 1 AS seq FROM stack_state_history WHERE instance_id = ?`,
      ),
      appendHistory: db.prepare(
        `INSERT INTO stack_state_history (instance_id, seq, from_state, to_state, trigger, cause, at, tenant)
         VALUES (@instanceId, @seq, @from, @to, @trigger, @cause, @at, ${parentTenant('stack_instances', '@instanceId')})`,
      ),
      history: db.prepare<[string], HistoryRow>(`SELECT * FROM stack_state_history WHERE instance_id = ? AND ${own()} ORDER BY seq`),

      appendEvent: db.prepare(
        `INSERT INTO event_log (type, source, instance_id, payload, outcomes, at, tenant)
         VALUES (@type, @source, @instanceId, @payload, @outcomes, @at, coalesce(${parentTenant('stack_instances', '@instanceId')}, ${NEW_TENANT}))`,
      ),
      events: db.prepare<[number], EventRow>(`SELECT * FROM event_log WHERE ${own()} ORDER BY id DESC LIMIT ?`),
      eventsOf: db.prepare<[string, string, number], EventRow>(
        `SELECT * FROM event_log WHERE (instance_id = ? OR EXISTS (SELECT 1 FROM json_each(outcomes) WHERE json_extract(value, '$.instanceId') = ?)) AND ${own()} ORDER BY id DESC LIMIT ?`,
      ),

      watch: db.prepare<[string, string], WatchRow>(`SELECT * FROM watched_objects WHERE deployment_id = ? AND path = ? AND ${own()}`),
      saveWatch: db.prepare(
        `INSERT INTO watched_objects (deployment_id, path, fingerprint, condition, checked_at, tenant)
         VALUES (@deploymentId, @path, @fingerprint, @condition, @checkedAt, coalesce(${parentTenant('deployments', '@deploymentId')}, ${NEW_TENANT}))
         ON CONFLICT (deployment_id, path) DO UPDATE SET fingerprint = excluded.fingerprint, condition = excluded.condition, checked_at = excluded.checked_at
         WHERE ${own('watched_objects.')}`,
      ),
      forgetWatches: db.prepare(`DELETE FROM watched_objects WHERE deployment_id = ? AND ${own()}`),
    };
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  /** Refuses a change to a stack of a tenant above (`forbidden`); an unseen one is `not_found` when `mustExist`. */
  private requireWritable(id: string, mustExist: boolean): void {
    const access = this.statements.access.get(id);
    if (access && !access.writable) throw readOnlyRefusal('stack', id);
    if (!access && mustExist) throw new NotFoundError('stack', id);
  }

  /** Refuses (`forbidden`) a stack for another tenant, or a provider-level one below the provider. */
  insert(stack: NewStack): void {
    const refusal = newRecordRefusal('stack', stack.tenant, !this.statements.subTenant.get(currentTenantScope().tenant));
    if (refusal) throw refusal;
    if (checksSharedName(stack.tenant) && this.statements.sharedNamed.get(stack.name)) throw sharedNameRefusal('stack', stack.name);
    this.statements.insert.run({ ...stack, draft: JSON.stringify(stack.draft) });
  }
  byId(id: string): StackRecord | undefined {
    return toStack(this.statements.byId.get(id));
  }
  /** What the current tenant scope sees (`tenant` names it for the caller; the scope decides). */
  byName(name: string, _tenant: string): StackRecord | undefined {
    return toStack(this.statements.byName.get(name));
  }
  visible(_tenant: string): StackRecord[] {
    return this.statements.visible.all().map((row) => toStack(row)!);
  }
  /** False when the draft changed since `expected` (nothing is written then); `forbidden` for an ancestor's stack. */
  saveDraft(id: string, expected: number, draft: unknown, description: string, now: string): boolean {
    this.requireWritable(id, false);
    return this.statements.saveDraft.run({ id, expected, draft: JSON.stringify(draft), description, now }).changes === 1;
  }
  insertVersion(version: StackVersionRecord): void {
    this.requireWritable(version.stackId, true);
    this.statements.insertVersion.run({ ...version, definition: JSON.stringify(version.definition) });
  }
  versions(stackId: string): StackVersionRecord[] {
    return this.statements.versions.all(stackId).map((row) => toVersion(row)!);
  }
  version(stackId: string, version: number): StackVersionRecord | undefined {
    return toVersion(this.statements.version.get(stackId, version));
  }
  latest(stackId: string): StackVersionRecord | undefined {
    return toVersion(this.statements.latest.get(stackId));
  }

  insertInstance(instance: NewStackInstance): void {
    this.statements.insertInstance.run({ ...instance, params: JSON.stringify(instance.params) });
  }
  instance(id: string): StackInstanceRecord | undefined {
    return toInstance(this.statements.instance.get(id));
  }
  instanceByName(environment: string, name: string): StackInstanceRecord | undefined {
    return toInstance(this.statements.instanceByName.get(environment, name));
  }
  /** A unit of work here holds the database's write lock from its start: reading is locking. */
  lockInstance(id: string): StackInstanceRecord | undefined {
    return this.instance(id);
  }
  instances(): StackInstanceRecord[] {
    return this.statements.instances.all().map((row) => toInstance(row)!);
  }
  updateInstance(id: string, patch: StackInstancePatch): void {
    const keys = (Object.keys(patch) as (keyof StackInstancePatch)[]).filter(
      (key) => Object.hasOwn(PATCH_COLUMNS, key) && patch[key] !== undefined,
    );
    if (keys.length === 0) return;
    const values: Record<string, unknown> = { id, updated_at: new Date().toISOString() };
    const assignments = keys.map((key) => {
      const [column, write] = PATCH_COLUMNS[key] as [string, (value: unknown) => unknown];
      values[column] = write(patch[key]);
      return `${column} = @${column}`;
    });
    this.db
      .prepare(`UPDATE stack_instances SET ${assignments.join(', ')}, updated_at = @updated_at WHERE id = @id AND ${own()}`)
      .run(values);
  }
  forgetInstance(id: string): void {
    this.statements.forgetInstance.run({ id, now: new Date().toISOString() });
  }

  appendHistory(entry: Omit<StackHistoryRecord, 'seq'>): StackHistoryRecord {
    const record = { ...entry, seq: this.statements.nextSeq.get(entry.instanceId)!.seq };
    this.statements.appendHistory.run(record);
    return record;
  }
  history(instanceId: string): StackHistoryRecord[] {
    return this.statements.history.all(instanceId).map(catalogRows.toHistory);
  }

  /** Appends one event to the log; returns its id. */
  appendEvent(entry: Omit<EventLogEntry, 'id'>): number {
    return Number(
      this.statements.appendEvent.run({ ...entry, payload: JSON.stringify(entry.payload), outcomes: JSON.stringify(entry.outcomes) })
        .lastInsertRowid,
    );
  }
  events(filter: { instanceId?: string; limit?: number } = {}): EventLogEntry[] {
    const limit = Math.min(Math.max(filter.limit ?? 200, 1), 5000);
    const rows = filter.instanceId
      ? this.statements.eventsOf.all(filter.instanceId, filter.instanceId, limit)
      : this.statements.events.all(limit);
    return rows.map(toEvent);
  }

  watch(deploymentId: string, path: string): WatchRecord | undefined {
    const row = this.statements.watch.get(deploymentId, path);
    return row && catalogRows.toWatch(row);
  }
  saveWatch(watch: WatchRecord): void {
    this.statements.saveWatch.run(watch);
  }
  forgetWatches(deploymentId: string): void {
    this.statements.forgetWatches.run(deploymentId);
  }
}
