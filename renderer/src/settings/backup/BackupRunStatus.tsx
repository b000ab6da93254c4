import type { BackupRun } from '../../../../engine/api/contract';
import { ProgressBar } from '../../ui/ProgressBar';

/** A run's progress while it runs, then its result or the reason it failed. */
export function BackupRunStatus({
  run,
  problem,
  testId,
}: {
  run: BackupRun | null;
  problem: { code: string; message: string } | null;
  testId: string;
}) {
  if (problem)
    return (
      <p className="field__problem" role="alert" data-testid={`${testId}-problem`} data-code={problem.code}>
        {problem.message}
      </p>
    );
  if (!run) return null;
  if (run.status === 'running') {
    const progress = run.progress;
    const fraction = progress && progress.total > 0 ? progress.done / progress.total : null;
    return (
      <ProgressBar
        fraction={fraction}
        label={`${run.kind === 'backup' ? 'Backup' : 'Restore'} progress`}
        text={progress?.message ?? 'Starting…'}
        testId={`${testId}-progress`}
      />
    );
  }
  if (run.status === 'failed')
    return (
      <p className="field__problem" role="alert" data-testid={`${testId}-problem`} data-code={run.error?.code ?? 'internal'}>
        {run.error?.message ?? 'It failed.'}
      </p>
    );
  if (run.backup) {
    const backup = run.backup;
    return (
      <div role="status" data-testid={`${testId}-result`}>
        <p className="card__text">
          <span className="pill pill--success">Backed up</span> to <span className="mono">{backup.file}</span> ({formatBytes(backup.bytes)}
          ): {backup.files} files, schema version {backup.schemaVersion}, {backup.deployments} deployments, {backup.stacks} Pulumi stacks.
        </p>
        {backup.warnings.map((warning) => (
          <p key={warning} className="card__text">
            <span className="pill pill--error">Warning</span> {warning}
          </p>
        ))}
        <p className="card__text">Keep the passphrase somewhere safe: without it this backup cannot be restored.</p>
      </div>
    );
  }
  if (run.restore) {
    const restore = run.restore;
    return (
      <div role="status" data-testid={`${testId}-result`}>
        <p className="card__text">
          <span className="pill pill--success">Restored and verified</span> into <span className="mono">{restore.dataDir}</span> (backup of{' '}
          {new Date(restore.backupCreatedAt).toLocaleString()}, Nimbus {restore.appVersion}).
        </p>
        <ul className="card__text" data-testid={`${testId}-checks`}>
          {restore.checks.map((check) => (
            <li key={check}>✓ {check}</li>
          ))}
        </ul>
        <p className="card__text">
          To work on the restored copy, quit Nimbus and start it on that directory:{' '}
          <span className="mono">nimbus serve --data {restore.dataDir}</span>, or set{' '}
          <span className="mono">NIMBUS_DATA_DIR={restore.dataDir}</span> before starting the app. The data directory in use now is
          unchanged.
        </p>
      </div>
    );
  }
  return null;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
