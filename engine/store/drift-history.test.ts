import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DriftEntry } from '../api/schemas/deployments.js';
import { tempDir } from '../test-support/temp-dir.js';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { openSqlite } from './sqlite.js';
import { openStore, type Store } from './store.js';

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir('nimbus-drift-history-');
});
afterEach(() => temp.remove());

const entry = (actual: number): DriftEntry => ({
  urn: 'urn:pulumi:s::p::t::network',
  type: 't',
  change: 'modified',
  properties: [{ name: 'mtu', expected: 1500, actual }],
});

function withDeployment(store: Store, id = 'dep-1') {
  store.deployments.insert({
    id,
    environment: 'dev',
    topology: 'office',
    nodeId: id,
    label: id,
    component: 'local-network',
    version: 1,
    provider: 'local',
    semanticType: 'VirtualNetwork',
    stackName: `stack-${id}`,
    owner: `deployment:${id}`,
    values: {},
  });
  return store.deployments.update(id, { status: 'deployed', everDeployed: true });
}

describe('drift history', () => {
  it('records a row per change and counts repeated checks on it; the deployment carries whether it is drifted', () => {
    const store = openStore(temp.dir);
    try {
      withDeployment(store);
      const repository = store.deployments;
      store.drift.recordDrift('dep-1', 'job-1', []);
      store.drift.recordDrift('dep-1', 'job-2', []);
      store.drift.recordDrift('dep-1', 'job-3', [entry(9000)]);
      store.drift.recordDrift('dep-1', 'job-4', [entry(9000)]);
      store.drift.recordDrift('dep-1', 'job-5', [entry(9000)]);
      expect(repository.get('dep-1').drifted).toBe(true);
      store.drift.recordDrift('dep-1', 'job-6', [entry(8000)]);
      store.drift.recordDrift('dep-1', 'job-7', []);
      expect(repository.get('dep-1').drifted).toBe(false);
      store.drift.recordDrift('dep-1', 'job-8', [entry(7000)]);
      // A repair always leaves its mark, even when the state it ends in was seen before.
      store.drift.recordDrift('dep-1', 'job-9', [], { change: 'repaired', note: 'recorded values deployed again' });
      store.drift.recordDrift('dep-1', 'job-10', []);
      const rows = store.drift.driftRecords('dep-1');
      expect(rows.map((row) => [row.change, row.checks, row.jobId])).toEqual([
        ['repaired', 2, 'job-10'],
        ['drift-found', 1, 'job-8'],
        ['back-in-sync', 1, 'job-7'],
        ['drift-changed', 1, 'job-6'],
        ['drift-found', 3, 'job-5'],
        ['in-sync', 2, 'job-2'],
      ]);
      expect(rows[0]!.note).toBe('recorded values deployed again');
      expect(rows[4]!.lastCheckedAt >= rows[4]!.checkedAt).toBe(true);
      expect(store.drift.latestDrift('dep-1')?.id).toBe(rows[0]!.id);
      // A destroyed deployment is never shown drifted.
      store.drift.recordDrift('dep-1', 'job-11', [entry(1)]);
      expect(repository.update('dep-1', { status: 'destroyed' }).drifted).toBe(false);
    } finally {
      store.close();
    }
  });

  it('folds the repeated checks of an older database into the rows that started them', () => {
    const file = path.join(temp.dir, 'nimbus.db');
    const db = openSqlite(file);
    migrate(db, MIGRATIONS.slice(0, 11), file);
    db.prepare(
      `INSERT INTO deployments (id, environment, topology, node_id, label, component, version, provider, semantic_type, stack_name, owner, status, ever_deployed, values_json, created_at, updated_at)
       VALUES ('dep-1', 'dev', 'office', 'n', 'n', 'local-network', 1, 'local', 'VirtualNetwork', 's', 'deployment:dep-1', 'deployed', 1, '{}', 't', 't')`,
    ).run();
    const insert = db.prepare('INSERT INTO drift_records (deployment_id, job_id, checked_at, drifted, entries) VALUES (?, ?, ?, ?, ?)');
    const drifted = JSON.stringify([entry(9000)]);
    for (const [at, flag, entries] of [
      ['2026-01-01', 0, '[]'],
      ['2026-01-02', 0, '[]'],
      ['2026-01-03', 0, '[]'],
      ['2026-01-04', 1, drifted],
      ['2026-01-05', 1, drifted],
    ] as const) {
      insert.run('dep-1', null, at, flag, entries);
    }
    db.close();

    const store = openStore(temp.dir);
    try {
      const rows = store.drift.driftRecords('dep-1');
      expect(rows.map((row) => [row.change, row.checks, row.checkedAt, row.lastCheckedAt])).toEqual([
        ['drift-found', 2, '2026-01-04', '2026-01-05'],
        ['in-sync', 3, '2026-01-01', '2026-01-03'],
      ]);
      expect(store.deployments.get('dep-1').drifted).toBe(true);
    } finally {
      store.close();
    }
  });
});
