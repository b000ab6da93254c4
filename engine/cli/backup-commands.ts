/**
 * `nimbus backup` and `nimbus restore`: they work on data directories as files, not through an
 * engine (a backup runs beside the app holding the directory; a restore makes a directory no
 * engine has opened yet), so they are bare commands that take `--data` themselves.
 */
import type { BackupProgress } from '../backup/backup-progress.js';
import { resolveDataDir } from '../paths.js';
import { emit, required, str, type BareContext, type BareCommand } from './command-support.js';
import { UsageError } from './usage-error.js';
import { excerpt } from '../text/excerpt.js';

/** The environment variable that gives the passphrase to scripts (never a command-line flag, which others can read). */
export const PASSPHRASE_ENV = 'NIMBUS_BACKUP_PASSPHRASE';

/** The passphrase: from NIMBUS_BACKUP_PASSPHRASE, else asked without echo (twice when it seals a new backup), else stdin's first line. */
async function passphrase(context: BareContext, confirm: boolean): Promise<string> {
  const fromEnv = context.env[PASSPHRASE_ENV];
  if (fromEnv !== undefined) return fromEnv;
  if (!context.io.secret) throw new UsageError(`give the backup passphrase in ${PASSPHRASE_ENV} or on stdin`);
  const first = await context.io.secret('Backup passphrase: ');
  if (confirm && process.stdin.isTTY) {
    const again = await context.io.secret('Repeat the passphrase: ');
    if (again !== first) throw new UsageError('the two passphrases differ; nothing was written');
  }
  return first;
}

/** Progress lines on stderr, at most one per phase every half second, so a long backup shows it is alive. */
function progressPrinter(context: BareContext): (progress: BackupProgress) => void {
  let lastPhase = '';
  let lastAt = 0;
  return (progress) => {
    const now = Date.now();
    const finished = progress.total > 0 && progress.done === progress.total;
    if (progress.phase === lastPhase && now - lastAt < 500 && !finished) return;
    if (progress.phase === lastPhase && finished && now - lastAt < 50) return;
    lastPhase = progress.phase;
    lastAt = now;
    const share = progress.total > 0 ? ` ${Math.floor((progress.done / progress.total) * 100)}%` : '';
    context.io.err(`${progress.message}${share}\n`);
  };
}

/** Ctrl+C stops the command between files; what it wrote so far is removed. */
function interruptible(context: BareContext): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const release = context.io.onInterrupt?.(() => {
    context.io.err('Stopping…\n');
    controller.abort();
  });
  return { signal: controller.signal, release: release ?? (() => undefined) };
}

function noExtraArgs(context: BareContext, allowed: number): void {
  const extra = context.args[allowed];
  if (extra !== undefined) throw new UsageError(`unexpected argument ${excerpt(extra)}`);
}

export const BACKUP_COMMANDS: BareCommand[] = [
  {
    bare: true,
    takesData: true,
    words: ['backup'],
    usage: 'nimbus backup --out FILE [--data DIR]',
    summary: `Back up a data directory, even while the app runs; the key sealed with a passphrase (asked, or ${PASSPHRASE_ENV})`,
    options: ['out'],
    async run(context) {
      noExtraArgs(context, 0);
      const out = required(context.options, 'out');
      const dataDir = resolveDataDir(str(context.options, 'data'), context.env);
      const { createBackup } = await import('../backup/create-backup.js');
      const summary = await createBackup({
        dataDir,
        out,
        passphrase: await passphrase(context, true),
        onProgress: progressPrinter(context),
      });
      return emit(context, summary, () =>
        [
          `Backed up ${dataDir} to ${summary.file} (${summary.bytes} bytes)`,
          `  ${summary.files} files, schema version ${summary.schemaVersion}, ${summary.deployments} deployments, ${summary.stacks} Pulumi stacks`,
          ...summary.warnings.map((warning) => `  warning: ${warning}`),
          '  Keep the passphrase: without it the backup cannot be restored.',
          '',
        ].join('\n'),
      );
    },
  },
  {
    bare: true,
    takesData: true,
    words: ['restore'],
    usage: 'nimbus restore FILE --data DIR [--force]',
    summary: 'Restore a backup into a new or empty data directory, checked before it is kept (--force moves what DIR holds aside)',
    options: ['force'],
    async run(context) {
      const file = context.args[0];
      if (file === undefined) throw new UsageError('missing the backup FILE');
      noExtraArgs(context, 1);
      const data = str(context.options, 'data');
      if (data === undefined) throw new UsageError('--data DIR is required: the new data directory to restore into');
      const target = resolveDataDir(data, context.env);
      const { restoreBackup } = await import('../backup/restore-backup.js');
      const secret = await passphrase(context, false);
      const stop = interruptible(context);
      let summary;
      try {
        summary = await restoreBackup({
          file,
          target,
          passphrase: secret,
          force: context.options.force === true,
          onProgress: progressPrinter(context),
          signal: stop.signal,
        });
      } finally {
        stop.release();
      }
      return emit(context, summary, () =>
        [
          `Restored ${file} (made ${summary.backupCreatedAt} by Nimbus ${summary.appVersion}) into ${summary.dataDir}`,
          ...summary.checks.map((check) => `  ✓ ${check}`),
          ...(summary.movedAside ? [`  What ${summary.dataDir} held was moved to ${summary.movedAside}`] : []),
          `Start Nimbus on it: nimbus serve --data ${summary.dataDir} (or set NIMBUS_DATA_DIR)`,
          '',
        ].join('\n'),
      );
    },
  },
];
