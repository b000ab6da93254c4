import type { BackupRuns } from '../../backup/backup-runs.js';
import { NimbusError } from '../../errors.js';
import type { Handlers } from '../dispatcher.js';

type BackupMethods = 'startBackup' | 'startRestore' | 'getBackupRun';

/**
 * Backup and restore of the data directory of the machine the engine runs on (the desktop, `nimbus
 * serve`). A shared server does not offer them: its data is in PostgreSQL, backed up with pg_dump
 * (see the README), and its machine's files are not its users' to read or write.
 */
export function backupHandlers(runs: BackupRuns | undefined): Pick<Handlers, BackupMethods> {
  const local = (): BackupRuns => {
    if (runs) return runs;
    throw new NimbusError(
      'local_only',
      "A shared server is backed up by its administrator with pg_dump and a copy of its --data key directory (see the README's Backup and restore); it offers no backup to its users",
    );
  };
  return {
    startBackup: ({ file, passphrase }) => local().startBackup(file, passphrase),
    startRestore: ({ file, dataDir, passphrase }) => local().startRestore(file, dataDir, passphrase),
    getBackupRun: ({ id }) => local().get(id),
  };
}
