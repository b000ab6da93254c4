/**
 * Consistent copies of a data directory's SQLite database for backups, through SQLite's online
 * backup API: the copy is one point in time even while the app keeps writing (other connections
 * wait only for the pages being copied, never for the whole file), unlike copying the file and its
 * WAL by hand. Kept in engine/store, the only place that opens the database directly.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { NimbusError } from '../errors.js';
import { MIGRATIONS } from './migrations/index.js';
import { openSqlite, openSqliteFile, type SqliteDatabase } from './sqlite.js';
import { DATABASE_FILE } from './store.js';

/** A deployment as a backup manifest lists it: enough to check its Pulumi state came back. */
export interface SnapshotDeployment {
  id: string;
  component: string;
  status: string;
  stackName: string;
  /** Whether Pulumi ever deployed it (only then must its stack exist in the Pulumi state). */
  everDeployed: boolean;
}

/** The newest schema this build understands (a backup from a newer schema is refused). */
export function latestSchemaVersion(): number {
  return MIGRATIONS.length;
}

/**
 * Copies `dataDir`'s database into `target` (a new file) while other connections may be writing,
 * reporting pages copied; resolves with the copy's schema version.
 */
export async function snapshotDatabase(
  dataDir: string,
  target: string,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<number> {
  const file = path.join(dataDir, DATABASE_FILE);
  if (!existsSync(file)) {
    throw new NimbusError('backup_unavailable', `${dataDir} holds no Nimbus database (${DATABASE_FILE}); nothing to back up`, { dataDir });
  }
  const db = openSqlite(file);
  let lastRemaining = Number.POSITIVE_INFINITY;
  let restarted = false;
  try {
    await db.backup(target, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress(totalPages - remainingPages, totalPages);
        // SQLite starts the copy over when another connection writes between two steps. Small steps
        // let the event loop (and the app's writers) in between; once a write has made the copy start
        // over, the rest goes in one step, so a steady stream of writes cannot keep it from ending.
        if (remainingPages >= lastRemaining) restarted = true;
        lastRemaining = remainingPages;
        return restarted ? Math.max(totalPages, 1) : 256;
      },
    });
  } finally {
    db.close();
  }
  // The copy is one self-contained file: no WAL beside it, so it opens read-only anywhere.
  const copy = openSqliteFile(target, { readonly: false });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  return readSchemaVersion(target);
}

/** The schema version (`user_version`) of a database file, read without changing it. */
export function readSchemaVersion(file: string): number {
  const db = openReadOnly(file);
  try {
    return Number(db.pragma('user_version', { simple: true }));
  } finally {
    db.close();
  }
}

/** The deployments recorded in a database file (a snapshot), every tenant's, read without changing it. */
export function readSnapshotDeployments(file: string): SnapshotDeployment[] {
  const db = openReadOnly(file);
  try {
    const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'deployments'").get();
    if (!hasTable) return [];
    const rows = db.prepare('SELECT id, component, status, stack_name, ever_deployed FROM deployments ORDER BY created_at, id').all() as {
      id: string;
      component: string;
      status: string;
      stack_name: string;
      ever_deployed: number;
    }[];
    return rows.map((row) => ({
      id: row.id,
      component: row.component,
      status: row.status,
      stackName: row.stack_name,
      everDeployed: row.ever_deployed === 1,
    }));
  } finally {
    db.close();
  }
}

/** Whether a database file passes SQLite's own integrity check. */
export function databaseIntact(file: string): boolean {
  const db = openReadOnly(file);
  try {
    return db.pragma('quick_check', { simple: true }) === 'ok';
  } finally {
    db.close();
  }
}

/** A snapshot is a plain (rollback-journal) file: opening it read-only needs no WAL files beside it. */
function openReadOnly(file: string): SqliteDatabase {
  return openSqliteFile(file, { readonly: true });
}
