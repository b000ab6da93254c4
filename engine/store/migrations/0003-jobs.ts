import type { Migration } from '../migration.js';

/** Jobs and their event streams, so a job's outcome and log survive a restart. */
export const migration0003: Migration = {
  version: 3,
  name: 'jobs',
  up(db) {
    db.exec(`
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
        created_at TEXT NOT NULL,
        finished_at TEXT,
        error TEXT,
        result TEXT
      ) STRICT;
      CREATE INDEX jobs_status ON jobs (status);

      CREATE TABLE job_events (
        job_id TEXT NOT NULL REFERENCES jobs (id),
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (job_id, seq)
      ) STRICT;
    `);
  },
};
