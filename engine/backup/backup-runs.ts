import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { BackupRun } from '../api/schemas/backup.js';
import { NimbusError, NotFoundError, toWireError } from '../errors.js';
import { logFailure, type Logger } from '../logging/logger.js';
import type { BackupProgress } from './backup-progress.js';
import { createBackup } from './create-backup.js';
import { restoreBackup } from './restore-backup.js';

/** How many finished runs are kept for their callers to read. */
const KEPT_RUNS = 20;

/**
 * The backups and restores this engine runs for the Settings page. They are this machine's work on
 * its own files (the passphrase must never be stored), so they are not jobs: a run lives in memory,
 * reports its progress, and is read by polling, which works the same while the desktop is connected
 * to a shared server (these methods never go to the server).
 */
export class BackupRuns {
  private readonly runs = new Map<string, BackupRun>();
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly options: { dataDir: string; secretKey: () => string; logger: Logger }) {}

  /** Starts a backup of this engine's data directory into `file`. */
  startBackup(file: string, passphrase: string): BackupRun {
    return this.launch('backup', (onProgress) =>
      createBackup({ dataDir: this.options.dataDir, out: file, passphrase, key: this.options.secretKey, onProgress }).then((backup) => ({
        backup,
      })),
    );
  }

  /** Starts a restore of `file` into the new data directory `dataDir` (never this engine's own). */
  startRestore(file: string, dataDir: string, passphrase: string): BackupRun {
    const own = path.resolve(this.options.dataDir);
    const target = path.resolve(dataDir);
    if (target === own || target.startsWith(`${own}${path.sep}`) || own.startsWith(`${target}${path.sep}`)) {
      throw new NimbusError(
        'restore_target_not_empty',
        `Cannot restore into ${target}: Nimbus is running on ${own}. Choose a new directory.`,
        { dir: target },
      );
    }
    return this.launch('restore', (onProgress) => restoreBackup({ file, target, passphrase, onProgress }).then((restore) => ({ restore })));
  }

  get(id: string): BackupRun {
    const run = this.runs.get(id);
    if (!run) throw new NotFoundError('backup run', id);
    return { ...run };
  }

  /** Waits for the runs still going (the engine's dispose). */
  async dispose(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  private launch(
    kind: BackupRun['kind'],
    work: (onProgress: (progress: BackupProgress) => void) => Promise<Partial<Pick<BackupRun, 'backup' | 'restore'>>>,
  ): BackupRun {
    const run: BackupRun = {
      id: randomUUID(),
      kind,
      status: 'running',
      startedAt: new Date().toISOString(),
      finishedAt: null,
      progress: null,
      backup: null,
      restore: null,
      error: null,
    };
    this.runs.set(run.id, run);
    for (const id of [...this.runs.keys()].slice(0, Math.max(0, this.runs.size - KEPT_RUNS))) {
      if (this.runs.get(id)?.status !== 'running') this.runs.delete(id);
    }
    const done = work((progress) => {
      run.progress = progress;
    }).then(
      (result) => {
        Object.assign(run, result, { status: 'succeeded', finishedAt: new Date().toISOString() });
      },
      (error: unknown) => {
        if (!(error instanceof NimbusError)) logFailure(this.options.logger, 'error', `The ${kind} failed`, error);
        Object.assign(run, { status: 'failed', error: toWireError(error), finishedAt: new Date().toISOString() });
      },
    );
    this.pending.add(done);
    void done.finally(() => this.pending.delete(done));
    return { ...run };
  }
}
