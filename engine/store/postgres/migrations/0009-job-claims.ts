import type { PostgresMigration } from '../migration.js';

/**
 * The shared server's job claims: which Nimbus process (a random instance id, process ids repeat
 * across hosts) runs a job, and whether someone asked to cancel it. A claimed job is alive while its
 * process holds the job's session advisory lock; a claimed, running job whose lock nobody holds lost
 * its process, and is recovered by another.
 */
export const migration0009: PostgresMigration = {
  version: 9,
  name: 'job-claims',
  async up(sql) {
    await sql.run(`
      CREATE TABLE job_claims (
        job_id text COLLATE "C" PRIMARY KEY REFERENCES jobs (id),
        instance text COLLATE "C",
        claimed_at timestamptz,
        cancel_requested boolean NOT NULL DEFAULT false,
        recovered_by text COLLATE "C"
      );
      CREATE INDEX job_claims_claimed ON job_claims (job_id) WHERE instance IS NOT NULL;
    `);
  },
};
