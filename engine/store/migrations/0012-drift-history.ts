import type { Migration } from '../migration.js';

/**
 * Drift history of changes, not of checks: a drift record now stands for a state (found, changed,
 * back in sync, repaired, accepted) and counts the checks that saw it (`checks`, `last_checked_at`),
 * so repeated checks that find the same thing do not pile up rows. Earlier repeats are folded into
 * the row that started them. Each deployment carries whether its latest check found drift, so every
 * list can say *drifted* without reading the history.
 */
export const migration0012: Migration = {
  version: 12,
  name: 'drift-history',
  up(db) {
    db.exec(`
      ALTER TABLE drift_records ADD COLUMN last_checked_at TEXT;
      ALTER TABLE drift_records ADD COLUMN checks INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE drift_records ADD COLUMN change TEXT;
      ALTER TABLE drift_records ADD COLUMN note TEXT;
      UPDATE drift_records SET last_checked_at = checked_at;
      ALTER TABLE deployments ADD COLUMN drifted INTEGER NOT NULL DEFAULT 0;
    `);
    const rows = db
      .prepare<[], { id: number; deployment_id: string; checked_at: string; drifted: number; entries: string }>(
        'SELECT id, deployment_id, checked_at, drifted, entries FROM drift_records ORDER BY deployment_id, id',
      )
      .all();
    const fold = db.prepare('UPDATE drift_records SET checks = checks + 1, last_checked_at = ? WHERE id = ?');
    const drop = db.prepare('DELETE FROM drift_records WHERE id = ?');
    const setChange = db.prepare('UPDATE drift_records SET change = ? WHERE id = ?');
    const setDrifted = db.prepare('UPDATE deployments SET drifted = ? WHERE id = ?');
    let kept: (typeof rows)[number] | undefined;
    for (const row of rows) {
      const previous = kept?.deployment_id === row.deployment_id ? kept : undefined;
      if (previous && previous.drifted === row.drifted && previous.entries === row.entries) {
        fold.run(row.checked_at, previous.id);
        drop.run(row.id);
        continue;
      }
      setChange.run(
        row.drifted === 1
          ? previous?.drifted === 1
            ? 'drift-changed'
            : 'drift-found'
          : previous?.drifted === 1
            ? 'back-in-sync'
            : 'in-sync',
        row.id,
      );
      setDrifted.run(row.drifted, row.deployment_id);
      kept = row;
    }
    db.exec(`UPDATE drift_records SET change = CASE drifted WHEN 1 THEN 'drift-found' ELSE 'in-sync' END WHERE change IS NULL`);
  },
};
