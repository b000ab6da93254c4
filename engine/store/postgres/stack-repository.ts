import type { EventLogEntry } from '../../api/schemas/stacks.js';
import { own, visible, writable } from '../rows/tenant-sql.js';
import { refuseNewRecord, requireWritable } from './tenant-checks.js';
import { checksSharedName, sharedNameRefusal, sharedNameSql } from '../rows/tenant-checks.js';
import type {
  NewStack,
  NewStackInstance,
  StackHistoryRecord,
  StackInstancePatch,
  StackInstanceRecord,
  StackRecord,
  StackVersionRecord,
  WatchRecord,
} from '../ports/catalog-records.js';
import { json, type Sql } from './sql.js';
import { postgresColumns } from '../rows/decode.js';
import * as catalogRows from '../rows/catalog-rows.js';
import type { EventRow, HistoryRow, StackInstanceRow, StackRow, StackVersionRow, WatchRow } from '../rows/catalog-rows.js';

const toStack = (row: StackRow) => catalogRows.toStack(row, postgresColumns);
const toVersion = (row: StackVersionRow) => catalogRows.toStackVersion(row, postgresColumns);
const toInstance = (row: StackInstanceRow) => catalogRows.toStackInstance(row, postgresColumns);
const toEvent = (row: EventRow) => catalogRows.toEvent(row, postgresColumns);

/** Each patchable field: its column, its cast and how its value is written. */
const PATCH_COLUMNS: {
  [K in keyof Required<StackInstancePatch>]: [column: string, cast: string, write: (value: StackInstancePatch[K]) => unknown];
} = {
  version: ['version', '', (value) => value],
  params: ['params', '::jsonb', (value) => json(value)],
  state: ['state', '', (value) => value],
  busy: ['busy', '', (value) => Boolean(value)],
  activity: ['activity', '::jsonb', (value) => (value ? json(value) : null)],
  lastJob: ['last_job', '::jsonb', (value) => (value ? json(value) : null)],
  snapshot: ['snapshot', '::jsonb', (value) => (value === null || value === undefined ? null : json(value))],
  machineVersion: ['machine_version', '', (value) => value],
  outputs: ['outputs', '::jsonb', (value) => json(value)],
  lastError: ['last_error', '', (value) => value],
};

/**
 * Stacks: drafts and immutable versions, instances with their persisted actors (soft-deleted), the
 * state history numbered per instance, the append-only event log and the poller's watches.
 */
export class PgStackRepository {
  async insert(sql: Sql, stack: NewStack): Promise<void> {
    await refuseNewRecord(sql, 'stack', stack.tenant);
    if (checksSharedName(stack.tenant) && (await sql.row(sharedNameSql('stacks', '$1'), [stack.name]))) {
      throw sharedNameRefusal('stack', stack.name);
    }
    await sql.run(
      `INSERT INTO stacks (id, tenant, name, description, draft, draft_revision, forked_from_stack, forked_from_version, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, 1, $6, $7, $8, $8)`,
      [
        stack.id,
        stack.tenant,
        stack.name,
        stack.description,
        json(stack.draft),
        stack.forkedFromStack,
        stack.forkedFromVersion,
        stack.createdAt,
      ],
    );
  }

  async byId(sql: Sql, id: string): Promise<StackRecord | undefined> {
    const row = await sql.row<StackRow>(`SELECT * FROM stacks WHERE id = $1 AND deleted_at IS NULL AND ${visible()}`, [id]);
    return row && toStack(row);
  }

  async byName(sql: Sql, name: string, _tenant: string): Promise<StackRecord | undefined> {
    const row = await sql.row<StackRow>(
      `SELECT * FROM stacks WHERE name = $1 AND deleted_at IS NULL AND ${visible()} ORDER BY tenant = nimbus_tenant() IS NOT TRUE, tenant IS NULL LIMIT 1`,
      [name],
    );
    return row && toStack(row);
  }

  async visible(sql: Sql, _tenant: string): Promise<StackRecord[]> {
    const rows = await sql.rows<StackRow>(
      `SELECT * FROM stacks WHERE deleted_at IS NULL AND ${visible()} ORDER BY name, tenant NULLS FIRST`,
    );
    return rows.map(toStack);
  }

  async saveDraft(sql: Sql, id: string, expected: number, draft: unknown, description: string, now: string): Promise<boolean> {
    await requireWritable(sql, 'stacks', 'stack', id, false);
    const changed = await sql.run(
      `UPDATE stacks SET draft = $3::jsonb, description = $4, draft_revision = draft_revision + 1, updated_at = $5
       WHERE id = $1 AND draft_revision = $2 AND deleted_at IS NULL AND ${writable()}`,
      [id, expected, json(draft), description, now],
    );
    return changed === 1;
  }

  async insertVersion(sql: Sql, version: StackVersionRecord): Promise<void> {
    await requireWritable(sql, 'stacks', 'stack', version.stackId, true);
    await sql.run(
      `INSERT INTO stack_versions (stack_id, version, definition, changelog, published_at, published_by) VALUES ($1, $2, $3::jsonb, $4, $5, $6)`,
      [version.stackId, version.version, json(version.definition), version.changelog, version.publishedAt, version.publishedBy],
    );
  }

  async versions(sql: Sql, stackId: string): Promise<StackVersionRecord[]> {
    return (
      await sql.rows<StackVersionRow>(`SELECT * FROM stack_versions WHERE stack_id = $1 AND ${visible()} ORDER BY version`, [stackId])
    ).map(toVersion);
  }

  async version(sql: Sql, stackId: string, version: number): Promise<StackVersionRecord | undefined> {
    const row = await sql.row<StackVersionRow>(`SELECT * FROM stack_versions WHERE stack_id = $1 AND version = $2 AND ${visible()}`, [
      stackId,
      version,
    ]);
    return row && toVersion(row);
  }

  async latest(sql: Sql, stackId: string): Promise<StackVersionRecord | undefined> {
    const row = await sql.row<StackVersionRow>(
      `SELECT * FROM stack_versions WHERE stack_id = $1 AND ${visible()} ORDER BY version DESC LIMIT 1`,
      [stackId],
    );
    return row && toVersion(row);
  }

  async insertInstance(sql: Sql, instance: NewStackInstance): Promise<void> {
    await sql.run(
      `INSERT INTO stack_instances (id, name, stack_id, version, environment, params, state, busy, machine_version, outputs, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, false, $8, '{}', $9, $9)`,
      [
        instance.id,
        instance.name,
        instance.stackId,
        instance.version,
        instance.environment,
        json(instance.params),
        instance.state,
        instance.machineVersion,
        instance.createdAt,
      ],
    );
  }

  async instance(sql: Sql, id: string): Promise<StackInstanceRecord | undefined> {
    const row = await sql.row<StackInstanceRow>(`SELECT * FROM stack_instances WHERE id = $1 AND deleted_at IS NULL AND ${own()}`, [id]);
    return row && toInstance(row);
  }

  async instanceByName(sql: Sql, environment: string, name: string): Promise<StackInstanceRecord | undefined> {
    const row = await sql.row<StackInstanceRow>(
      `SELECT * FROM stack_instances WHERE environment = $1 AND name = $2 AND deleted_at IS NULL AND ${own()}`,
      [environment, name],
    );
    return row && toInstance(row);
  }

  async lockInstance(sql: Sql, id: string): Promise<StackInstanceRecord | undefined> {
    const row = await sql.row<StackInstanceRow>(
      `SELECT * FROM stack_instances WHERE id = $1 AND deleted_at IS NULL AND ${own()} FOR UPDATE`,
      [id],
    );
    return row && toInstance(row);
  }

  async instances(sql: Sql): Promise<StackInstanceRecord[]> {
    return (
      await sql.rows<StackInstanceRow>(`SELECT * FROM stack_instances WHERE deleted_at IS NULL AND ${own()} ORDER BY environment, name`)
    ).map(toInstance);
  }

  /** Writes only the fields given. */
  async updateInstance(sql: Sql, id: string, patch: StackInstancePatch): Promise<void> {
    const keys = (Object.keys(patch) as (keyof StackInstancePatch)[]).filter(
      (key) => Object.hasOwn(PATCH_COLUMNS, key) && patch[key] !== undefined,
    );
    if (keys.length === 0) return;
    const values: unknown[] = [id, new Date().toISOString()];
    const assignments = keys.map((key) => {
      const [column, cast, write] = PATCH_COLUMNS[key] as [string, string, (value: unknown) => unknown];
      values.push(write(patch[key]));
      return `${column} = $${values.length}${cast}`;
    });
    await sql.run(`UPDATE stack_instances SET ${assignments.join(', ')}, updated_at = $2 WHERE id = $1 AND ${own()}`, values);
  }

  /** Soft delete. */
  async forgetInstance(sql: Sql, id: string): Promise<void> {
    const now = new Date().toISOString();
    await sql.run(`UPDATE stack_instances SET deleted_at = $2, updated_at = $2 WHERE id = $1 AND ${own()}`, [id, now]);
  }

  /** Appends a state change, numbered after the instance's last one (the instance row is locked meanwhile). */
  async appendHistory(sql: Sql, entry: Omit<StackHistoryRecord, 'seq'>): Promise<StackHistoryRecord> {
    await sql.run(`SELECT 1 FROM stack_instances WHERE id = $1 AND ${own()} FOR UPDATE`, [entry.instanceId]);
    const next = await sql.row<{ seq: number }>(
      `SELECT coalesce(max(seq), 0) + 1 AS seq FROM stack_state_history WHERE instance_id = $1 AND ${own()}`,
      [entry.instanceId],
    );
    const record = { ...entry, seq: next!.seq };
    await sql.run(
      'INSERT INTO stack_state_history (instance_id, seq, from_state, to_state, trigger, cause, at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [record.instanceId, record.seq, record.from, record.to, record.trigger, record.cause, record.at],
    );
    return record;
  }

  async history(sql: Sql, instanceId: string): Promise<StackHistoryRecord[]> {
    const rows = await sql.rows<HistoryRow>(`SELECT * FROM stack_state_history WHERE instance_id = $1 AND ${own()} ORDER BY seq`, [
      instanceId,
    ]);
    return rows.map(catalogRows.toHistory);
  }

  /** Appends one event to the log; returns its id. */
  async appendEvent(sql: Sql, entry: Omit<EventLogEntry, 'id'>): Promise<number> {
    const row = await sql.row<{ id: number }>(
      'INSERT INTO event_log (type, source, instance_id, payload, outcomes, at) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6) RETURNING id',
      [entry.type, entry.source, entry.instanceId, json(entry.payload), json(entry.outcomes), entry.at],
    );
    return row!.id;
  }

  /** Newest first; with `instanceId`, the events about that instance or that reached it through an outcome. */
  async events(sql: Sql, filter: { instanceId?: string; limit?: number } = {}): Promise<EventLogEntry[]> {
    const limit = Math.min(Math.max(filter.limit ?? 200, 1), 5000);
    const rows = filter.instanceId
      ? await sql.rows<EventRow>(
          `SELECT * FROM event_log WHERE (instance_id = $1 OR outcomes @> jsonb_build_array(jsonb_build_object('instanceId', $1::text))) AND ${own()} ORDER BY id DESC LIMIT $2`,
          [filter.instanceId, limit],
        )
      : await sql.rows<EventRow>(`SELECT * FROM event_log WHERE ${own()} ORDER BY id DESC LIMIT $1`, [limit]);
    return rows.map(toEvent);
  }

  async watch(sql: Sql, deploymentId: string, path: string): Promise<WatchRecord | undefined> {
    const row = await sql.row<WatchRow>(`SELECT * FROM watched_objects WHERE deployment_id = $1 AND path = $2 AND ${own()}`, [
      deploymentId,
      path,
    ]);
    return row && catalogRows.toWatch(row);
  }

  async saveWatch(sql: Sql, watch: WatchRecord): Promise<void> {
    await sql.run(
      `INSERT INTO watched_objects (deployment_id, path, fingerprint, condition, checked_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (deployment_id, path) DO UPDATE SET fingerprint = excluded.fingerprint, condition = excluded.condition, checked_at = excluded.checked_at
       WHERE ${own('watched_objects.')}`,
      [watch.deploymentId, watch.path, watch.fingerprint, watch.condition, watch.checkedAt],
    );
  }

  async forgetWatches(sql: Sql, deploymentId: string): Promise<void> {
    await sql.run(`DELETE FROM watched_objects WHERE deployment_id = $1 AND ${own()}`, [deploymentId]);
  }
}
