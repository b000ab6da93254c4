/** A PostgreSQL server for the load benchmark: the one named in the environment, else a throwaway cluster. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ensurePostgres = fileURLToPath(new URL('../../../scripts/ensure-postgres', import.meta.url));

/**
 * Runs `work` with a PostgreSQL server URL (superuser, may create databases): NIMBUS_BENCH_DATABASE_URL
 * or NIMBUS_TEST_DATABASE_URL when set, else a cluster `scripts/ensure-postgres` starts and stops.
 */
export async function withPostgres<T>(work: (url: string) => Promise<T>): Promise<T> {
  const given = process.env.NIMBUS_BENCH_DATABASE_URL ?? process.env.NIMBUS_TEST_DATABASE_URL;
  if (given) return work(given);
  const started = spawnSync('bash', [ensurePostgres], { encoding: 'utf8', timeout: 600_000 });
  const url = started.stdout.trim().split('\n').at(-1);
  if (started.status !== 0 || !url) throw new Error(`PostgreSQL could not be started: ${started.stderr}`);
  try {
    return await work(url);
  } finally {
    spawnSync('bash', [ensurePostgres, 'stop', url], { timeout: 120_000 });
  }
}
