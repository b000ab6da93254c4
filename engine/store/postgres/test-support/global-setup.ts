/**
 * Vitest global setup of the PostgreSQL tests: a server for them to create their databases on.
 *
 * With `NIMBUS_TEST_DATABASE_URL` set (a superuser's URL, or a role allowed to create databases),
 * the tests use that server. Without it, `scripts/ensure-postgres` starts a throwaway cluster, which
 * is stopped when the run ends. When neither works, the reason is handed to the tests, which fail
 * with it: a PostgreSQL test never passes by skipping.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the PostgreSQL tests create their databases, or why there is no server for them. */
    postgresServer: { url: string } | { error: string };
  }
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const SCRIPT = path.join(ROOT, 'scripts/ensure-postgres');

/** Starts (or finds) the server; returns the teardown that stops a cluster it started. */
export default function setup(project: TestProject): () => void {
  const given = process.env.NIMBUS_TEST_DATABASE_URL;
  if (given) {
    project.provide('postgresServer', { url: given });
    return () => undefined;
  }
  const started = spawnSync('bash', [SCRIPT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
  const url = started.stdout?.trim().split('\n').pop() ?? '';
  if (started.status !== 0 || !/^postgres(ql)?:\/\//.test(url)) {
    const reason = (started.stderr || started.error?.message || 'no output').trim().split('\n').slice(-5).join('\n');
    project.provide('postgresServer', {
      error:
        `PostgreSQL could not be started for the tests (scripts/ensure-postgres exited with ${started.status ?? started.signal}):\n${reason}\n` +
        'Install PostgreSQL (Debian: apt-get install postgresql) or set NIMBUS_TEST_DATABASE_URL to a server the tests may create databases on.',
    });
    return () => undefined;
  }
  project.provide('postgresServer', { url });
  return () => {
    spawnSync('bash', [SCRIPT, 'stop', url], { stdio: 'ignore', timeout: 60_000 });
  };
}
