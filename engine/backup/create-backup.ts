/**
 * `nimbus backup`: a consistent copy of a data directory, taken while the app may be running, in
 * one archive (see archive-format.ts). What goes in:
 * - the database, through SQLite's online backup (store/sqlite-snapshot.ts);
 * - the Pulumi state backend, copied while no operation holds a stack lock (pulumi-state-copy.ts);
 * - of the work directories, only each stack's settings (`work/<deployment>/Pulumi.<stack>.yaml`,
 *   which keeps the passphrase's salt and the stack's config): everything else there is written
 *   again from the pinned component version before every operation (deploy/work-dir.ts);
 * - the local provider's objects (`local/`), which live in the data directory and which the state
 *   describes;
 * - the master key (the Pulumi passphrase, the key of stored secrets) sealed with the user's
 *   passphrase (sealed-key.ts).
 * Left out: caches (compiled programs, V8 code cache), logs, Pulumi's home (plugins and workspace
 * settings, made again as needed), stack lock files.
 */
import { randomUUID } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectName } from '../deploy/work-dir.js';
import { dataPaths } from '../paths.js';
import { readSnapshotDeployments, snapshotDatabase } from '../store/sqlite-snapshot.js';
import { NIMBUS_VERSION } from '../version.js';
import { compressFile, writeArchive } from './archive-format.js';
import { BackupUnavailableError } from './backup-errors.js';
import { SEALED_KEY_ENTRY, type BackupDeployment, type BackupEntry, type BackupManifest } from './backup-manifest.js';
import type { BackupProgress } from './backup-progress.js';
import {
  checkpointFiles,
  checkpointFingerprint,
  checkpointOf,
  checkpointProblem,
  heldLocks,
  stacksIn,
  walk,
  waitUntilUnlocked,
} from './pulumi-state-copy.js';
import { stopIfAborted } from './restore-backup.js';
import { checkPassphrase, sealKey } from './sealed-key.js';

/** What a backup needs. */
export interface BackupOptions {
  dataDir: string;
  /** The archive to write; refused when it exists. */
  out: string;
  passphrase: string;
  /** The master key; by default read from the data directory's key file (headless data directories). */
  key?: () => string;
  onProgress?: (progress: BackupProgress) => void;
  /** Stops the backup between files (Ctrl+C); the partial archive and the staged copies are removed. */
  signal?: AbortSignal;
  /** How long to wait for a running Pulumi operation to release its stack lock (default 10 minutes). */
  lockWaitMs?: number;
}

/** What a finished backup says. */
export interface BackupSummary {
  file: string;
  bytes: number;
  createdAt: string;
  appVersion: string;
  schemaVersion: number;
  files: number;
  deployments: number;
  stacks: number;
  /** Deployments whose Pulumi state was not found (recorded as deployed, yet no checkpoint). */
  warnings: string[];
}

const ATTEMPTS = 5;

/** The master key of a headless data directory, read without creating one. */
export function readDataDirKey(dataDir: string): string {
  const { keyFile } = dataPaths(dataDir);
  if (!existsSync(keyFile)) {
    const reason = existsSync(path.join(dataDir, 'secret.key.enc'))
      ? "its key is kept in the desktop app's OS keychain; back up from the app (Settings → Backup and restore)"
      : `it has no key file (${keyFile})`;
    throw new BackupUnavailableError(dataDir, reason);
  }
  const key = readFileSync(keyFile, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(key)) throw new BackupUnavailableError(dataDir, `${keyFile} does not hold a Nimbus key`);
  return key;
}

/** A staged file of the archive: its name in the archive and where its copy is. */
interface Staged {
  name: string;
  file: string;
  mode: number;
}

/** Copies `source` to `<staging>/<name>`, keeping its permission bits. */
function stage(staging: string, name: string, source: string, into: Staged[]): void {
  const target = path.join(staging, 'files', ...name.split('/'));
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(source, target);
  into.push({ name, file: target, mode: statSync(source).mode & 0o777 });
}

/** Takes the database and the Pulumi state as of one moment no Pulumi operation ran. */
async function captureConsistent(
  dataDir: string,
  staging: string,
  options: BackupOptions,
  report: (progress: BackupProgress) => void,
): Promise<{ staged: Staged[]; schemaVersion: number }> {
  const paths = dataPaths(dataDir);
  const stateDir = paths.pulumiState;
  for (let attempt = 1; ; attempt += 1) {
    rmSync(path.join(staging, 'files'), { recursive: true, force: true });
    mkdirSync(path.join(staging, 'files'), { recursive: true });
    await waitUntilUnlocked(stateDir, options.lockWaitMs ?? 10 * 60_000, (locks) =>
      report({ phase: 'waiting', done: 0, total: 0, message: `Waiting for ${locks} running Pulumi operation(s) to finish` }),
    );
    const before = checkpointFingerprint(stateDir);
    const staged: Staged[] = [];
    const database = path.join(staging, 'files', 'nimbus.db');
    const schemaVersion = await snapshotDatabase(dataDir, database, (done, total) =>
      report({ phase: 'database', done, total, message: 'Copying the database' }),
    );
    staged.push({ name: 'nimbus.db', file: database, mode: 0o600 });
    const stateFiles = walk(stateDir).filter(
      (file) => !path.relative(stateDir, file).split(path.sep).slice(0, 2).join('/').startsWith('.pulumi/locks'),
    );
    stateFiles.forEach((file, index) => {
      stage(staging, `pulumi/state/${path.relative(stateDir, file).split(path.sep).join('/')}`, file, staged);
      report({ phase: 'pulumi-state', done: index + 1, total: stateFiles.length, message: 'Copying the Pulumi state' });
    });
    const changed = checkpointFingerprint(stateDir) !== before || heldLocks(stateDir).length > 0;
    if (!changed) {
      for (const file of checkpointFiles(path.join(staging, 'files', 'pulumi', 'state'))) {
        const problem = checkpointProblem(file);
        if (problem) throw new BackupUnavailableError(dataDir, `the Pulumi checkpoint ${path.basename(file)} does not parse (${problem})`);
      }
      return { staged, schemaVersion };
    }
    if (attempt >= ATTEMPTS)
      throw new BackupUnavailableError(
        dataDir,
        `the Pulumi state kept changing while it was copied (${ATTEMPTS} tries); try again when no deployment is running`,
      );
    report({ phase: 'waiting', done: 0, total: 0, message: 'A Pulumi operation ran while copying; copying again' });
  }
}

/** The stack settings of each work directory, and the local provider's objects. */
function stageFiles(dataDir: string, staging: string, staged: Staged[], report: (progress: BackupProgress) => void): void {
  const paths = dataPaths(dataDir);
  const settings = existsSync(paths.work)
    ? readdirSync(paths.work, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !entry.name.startsWith('preview-'))
        .flatMap((entry) =>
          readdirSync(path.join(paths.work, entry.name), { withFileTypes: true })
            .filter((file) => file.isFile() && /^Pulumi\.[^/]+\.ya?ml$/.test(file.name))
            .map((file) => `work/${entry.name}/${file.name}`),
        )
    : [];
  const local = walk(path.join(dataDir, 'local')).map((file) => path.relative(dataDir, file).split(path.sep).join('/'));
  const names = [...settings, ...local];
  names.forEach((name, index) => {
    stage(staging, name, path.join(dataDir, ...name.split('/')), staged);
    report({ phase: 'files', done: index + 1, total: names.length, message: 'Copying stack settings and local objects' });
  });
}

/**
 * Backs up `options.dataDir` into `options.out`: staged beside the output first, the archive
 * written under a temporary name and renamed when complete, so a failed backup leaves no file
 * that looks like a backup.
 */
export async function createBackup(options: BackupOptions): Promise<BackupSummary> {
  const report = options.onProgress ?? (() => undefined);
  checkPassphrase(options.passphrase);
  const dataDir = path.resolve(options.dataDir);
  const out = path.resolve(options.out);
  if (!existsSync(path.join(dataDir, 'nimbus.db'))) throw new BackupUnavailableError(dataDir, 'it holds no Nimbus database (nimbus.db)');
  if (existsSync(out))
    throw new BackupUnavailableError(dataDir, `${out} exists already; choose a new file name (a backup never replaces a file)`);
  if (!existsSync(path.dirname(out))) throw new BackupUnavailableError(dataDir, `the folder ${path.dirname(out)} does not exist`);
  const key = options.key ? options.key() : readDataDirKey(dataDir);
  const staging = mkdtempSync(path.join(path.dirname(out), `.${path.basename(out)}.staging-`));
  const partial = path.join(path.dirname(out), `.${path.basename(out)}.partial-${process.pid}`);
  try {
    const { staged, schemaVersion } = await captureConsistent(dataDir, staging, options, report);
    stageFiles(dataDir, staging, staged, report);
    const stateDir = path.join(staging, 'files', 'pulumi', 'state');
    const deployments: BackupDeployment[] = readSnapshotDeployments(path.join(staging, 'files', 'nimbus.db')).map((deployment) => ({
      ...deployment,
      project: projectName(deployment.component),
    }));
    const warnings = deployments
      .filter(
        (deployment) =>
          deployment.everDeployed && deployment.status !== 'destroyed' && !checkpointOf(stateDir, deployment.project, deployment.stackName),
      )
      .map((deployment) => `deployment ${deployment.id} (${deployment.component}) has no Pulumi state for stack ${deployment.stackName}`);
    const stacks = stacksIn(stateDir);
    const id = randomUUID();
    const sealed = path.join(staging, 'key.sealed.json');
    writeFileSync(sealed, JSON.stringify(await sealKey(key, options.passphrase, id)), { mode: 0o600 });
    const ordered: Staged[] = [{ name: SEALED_KEY_ENTRY, file: sealed, mode: 0o600 }, ...staged];
    const total = ordered.reduce((sum, file) => sum + statSync(file.file).size, 0);
    let done = 0;
    const entries: BackupEntry[] = [];
    const storedFiles: string[] = [];
    for (const [index, file] of ordered.entries()) {
      stopIfAborted(options.signal);
      const stored = path.join(staging, `${index}.gz`);
      const figures = await compressFile(file.file, stored, (count) => {
        done += count;
        report({ phase: 'compressing', done, total, message: 'Compressing' });
      });
      rmSync(file.file);
      entries.push({ name: file.name, mode: file.mode, ...figures });
      storedFiles.push(stored);
    }
    const manifest: BackupManifest = {
      format: 'nimbus-backup',
      formatVersion: 1,
      id,
      createdAt: new Date().toISOString(),
      appVersion: NIMBUS_VERSION,
      schemaVersion,
      source: { dataDir, host: os.hostname() },
      deployments,
      stacks,
      entries,
    };
    const storedTotal = entries.reduce((sum, entry) => sum + entry.storedSize, 0);
    let written = 0;
    await writeArchive(partial, Buffer.from(JSON.stringify(manifest), 'utf8'), storedFiles, (count) => {
      written += count;
      report({ phase: 'writing', done: written, total: storedTotal, message: `Writing ${path.basename(out)}` });
    });
    stopIfAborted(options.signal);
    renameSync(partial, out);
    return {
      file: out,
      bytes: statSync(out).size,
      createdAt: manifest.createdAt,
      appVersion: NIMBUS_VERSION,
      schemaVersion,
      files: entries.length,
      deployments: deployments.length,
      stacks: manifest.stacks.length,
      warnings,
    };
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(partial, { force: true });
  }
}
