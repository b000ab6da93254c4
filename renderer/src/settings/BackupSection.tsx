import { useCallback, useState, type FormEvent } from 'react';
import type { SystemInfo } from '../../../engine/api/contract';
import { useApi } from '../api/ApiProvider';
import { useApiResource } from '../api/use-api-resource';
import { blockedProps } from '../permissions/blocked-props';
import { useBlockedReason } from '../permissions/PermissionProvider';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { BackupRunStatus } from './backup/BackupRunStatus';
import { useBackupRun } from './backup/use-backup-run';

/** The shortest passphrase the engine accepts (it checks again). */
const MIN_PASSPHRASE = 10;

/** `<data dir>-backup-2026-12-06.nimbus-backup`, beside the data directory. */
function suggestedFile(dataDir: string): string {
  return `${dataDir.replace(/[\\/]+$/, '')}-backup-${new Date().toISOString().slice(0, 10)}.nimbus-backup`;
}

/**
 * Settings → Backup and restore: a copy of this machine's data directory (database, Pulumi state,
 * stack settings, the key sealed with a passphrase) into a file on the machine running Nimbus, and a
 * restore into a new data directory, verified, to start Nimbus on. Paths are on that machine, as the
 * engine reads and writes the files itself (a data directory is far too large to pass through the
 * page). A page served by a shared server has no data directory of its own and shows nothing.
 */
export function BackupSection({ info }: { info: SystemInfo | null }) {
  const api = useApi();
  const loadConnection = useCallback(() => api.getServerConnection({}), [api]);
  const connection = useApiResource(loadConnection, null);
  const backup = useBackupRun();
  const restore = useBackupRun();
  const [file, setFile] = useState<string | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [restoreFile, setRestoreFile] = useState('');
  const [restoreDir, setRestoreDir] = useState('');
  const [restorePassphrase, setRestorePassphrase] = useState('');
  const [confirming, setConfirming] = useState(false);
  const backupBlocked = useBlockedReason('startBackup');
  const restoreBlocked = useBlockedReason('startRestore');

  if (info?.backend.kind === 'server' && connection.value?.status !== 'connected') return null;
  const dataDir = info?.backend.kind === 'local' ? info.backend.dataDir : null;
  const target = file ?? (dataDir ? suggestedFile(dataDir) : '');
  const mismatch = repeat.length > 0 && repeat !== passphrase;
  const canBackUp = target.trim().length > 0 && passphrase.length >= MIN_PASSPHRASE && repeat === passphrase && !backup.busy;
  const canRestore = restoreFile.trim().length > 0 && restoreDir.trim().length > 0 && restorePassphrase.length > 0 && !restore.busy;

  const startBackup = (event: FormEvent) => {
    event.preventDefault();
    if (!canBackUp) return;
    void backup.start(() => api.startBackup({ file: target.trim(), passphrase }));
  };
  const startRestore = () => {
    setConfirming(false);
    void restore.start(() => api.startRestore({ file: restoreFile.trim(), dataDir: restoreDir.trim(), passphrase: restorePassphrase }));
  };

  return (
    <section className="card" aria-labelledby="backup-title" data-testid="backup-section">
      <h2 id="backup-title" className="card__title">
        Backup and restore
      </h2>
      <p className="card__text">
        Back up this machine&apos;s data directory
        {dataDir ? (
          <>
            {' '}
            (<span className="mono">{dataDir}</span>)
          </>
        ) : null}{' '}
        while Nimbus keeps running: the database, the Pulumi state and the key that opens it, sealed with a passphrase you choose. Files are
        written and read on the machine running Nimbus.
      </p>
      <form onSubmit={startBackup} aria-label="Back up now" noValidate>
        <label className="field">
          <span className="field__label">Backup file</span>
          <input
            className="input mono"
            value={target}
            spellCheck={false}
            onChange={(event) => setFile(event.target.value)}
            data-testid="backup-file"
          />
        </label>
        <label className="field">
          <span className="field__label">Passphrase (at least {MIN_PASSPHRASE} characters)</span>
          <input
            className="input"
            type="password"
            autoComplete="new-password"
            value={passphrase}
            onChange={(event) => setPassphrase(event.target.value)}
            data-testid="backup-passphrase"
          />
        </label>
        <label className="field">
          <span className="field__label">Repeat the passphrase</span>
          <input
            className="input"
            type="password"
            autoComplete="new-password"
            value={repeat}
            onChange={(event) => setRepeat(event.target.value)}
            aria-invalid={mismatch || undefined}
            data-testid="backup-passphrase-repeat"
          />
        </label>
        {mismatch && <p className="field__problem">The passphrases differ.</p>}
        <div className="card__actions">
          <button
            type="submit"
            className="button button--primary"
            data-testid="backup-start"
            {...blockedProps(backupBlocked, { disabled: !canBackUp })}
          >
            {backup.busy ? 'Backing up…' : 'Back up now'}
          </button>
        </div>
        <BackupRunStatus run={backup.run} problem={backup.problem} testId="backup" />
      </form>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (canRestore) setConfirming(true);
        }}
        aria-label="Restore a backup"
        noValidate
      >
        <h3 className="card__subtitle">Restore</h3>
        <p className="card__text">
          A backup is restored into a new, empty data directory and checked there (checksums, schema version, every deployment&apos;s Pulumi
          state, the passphrase); the data directory in use now is not touched.
        </p>
        <label className="field">
          <span className="field__label">Backup file</span>
          <input
            className="input mono"
            value={restoreFile}
            spellCheck={false}
            onChange={(event) => setRestoreFile(event.target.value)}
            data-testid="restore-file"
          />
        </label>
        <label className="field">
          <span className="field__label">New data directory</span>
          <input
            className="input mono"
            value={restoreDir}
            spellCheck={false}
            onChange={(event) => setRestoreDir(event.target.value)}
            data-testid="restore-dir"
          />
        </label>
        <label className="field">
          <span className="field__label">Passphrase</span>
          <input
            className="input"
            type="password"
            autoComplete="current-password"
            value={restorePassphrase}
            onChange={(event) => setRestorePassphrase(event.target.value)}
            data-testid="restore-passphrase"
          />
        </label>
        <div className="card__actions">
          <button type="submit" className="button" data-testid="restore-start" {...blockedProps(restoreBlocked, { disabled: !canRestore })}>
            {restore.busy ? 'Restoring…' : 'Restore…'}
          </button>
        </div>
        <BackupRunStatus run={restore.run} problem={restore.problem} testId="restore" />
      </form>
      {confirming && (
        <ConfirmDialog
          title="Restore this backup?"
          message={`The backup is restored into ${restoreDir.trim()}, which must be new or empty; nothing is overwritten, and the data directory in use now stays as it is.`}
          confirmLabel="Restore"
          onCancel={() => setConfirming(false)}
          onConfirm={startRestore}
        />
      )}
    </section>
  );
}
