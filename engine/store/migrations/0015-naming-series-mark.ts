import type { Migration } from '../migration.js';

/**
 * A name series now marks the place of its number with `{seq}` instead of a NUL character, which
 * PostgreSQL cannot store; stored series are rewritten so numbering continues where it was. (In
 * JavaScript: SQLite's string functions are undefined on text holding a NUL.)
 */
export const migration0015: Migration = {
  version: 15,
  name: 'naming-series-mark',
  up(db) {
    const rows = db.prepare<[], { id: string; series: string }>('SELECT id, series FROM naming_names').all();
    const update = db.prepare<[string, string]>('UPDATE naming_names SET series = ? WHERE id = ?');
    for (const row of rows) if (row.series.includes('\u0000')) update.run(row.series.replaceAll('\u0000', '{seq}'), row.id);
  },
};
