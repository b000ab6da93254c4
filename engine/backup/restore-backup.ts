/**
 * `nimbus restore`: brings a backup back into an empty or new data directory, checked before it is
 * kept. Everything is written into a temporary directory beside the target and renamed into place
 * only when every check passed (checksums, schema version, the passphrase opening the key, each
 * deployment's Pulumi state present, the database intact), so a failed or interrupted restore
 * leaves the target as it was.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { NimbusError } from '../errors.js';
import { dataPaths } from '../paths.js';
import { databaseIntact, latestSchemaVersion, readSchemaVersion } from '../store/sqlite-snapshot.js';
import { ArchiveReader } from './archive-format.js';
import {
  BackupCorruptError,
  BackupTooNewError,
  RestoreCheckError,
  RestoreTargetNotEmptyError,
  WrongPassphraseError,
} from './backup-errors.js';
import { BackupManifestSchema, SEALED_KEY_ENTRY, type BackupManifest } from './backup-manifest.js';
import type { BackupProgress } from './backup-progress.js';
import { checkpointFiles, checkpointOf, checkpointProblem } from './pulumi-state-copy.js';
import { SealedKeySchema, unsealKey } from './sealed-key.js';

export interface RestoreOptions {
  file: string;
  /** The data directory to create (or an empty one). */
  target: string;
  passphrase: string;
  /** Restore over a directory that holds files: they are moved aside to `<target>.replaced-<time>`, never deleted. */
  force?: boolean;
  onProgress?: (progress: BackupProgress) => void;
  /** Stops the restore between entries (Ctrl+C); what was written so far is removed. */
  signal?: AbortSignal;
}

/** What a restore checked and brought back. */
export interface RestoreSummary {
  dataDir: string;
  backupCreatedAt: string;
  appVersion: string;
  schemaVersion: number;
  files: number;
  bytes: number;
  deployments: number;
  stacks: number;
  /** Where the files the target held were moved (with `force`), or null. */
  movedAside: string | null;
  checks: string[];
}

const MAX_SEALED_KEY_BYTES = 64 * 1024;

/** Whether `dir` is absent or an empty directory; throws when a file is in the way. */
function targetState(dir: string): 'absent' | 'empty' | 'full' {
  if (!existsSync(dir)) return 'absent';
  if (!statSync(dir).isDirectory()) throw new RestoreTargetNotEmptyError(dir, 'it is a file, not a directory');
  return readdirSync(dir).length === 0 ? 'empty' : 'full';
}

/** Reads and checks the manifest; refuses a backup from a newer schema. */
async function readManifest(reader: ArchiveReader, file: string): Promise<BackupManifest> {
  const bytes = await reader.readManifest();
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new BackupCorruptError(file, 'its manifest is not JSON');
  }
  const result = BackupManifestSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new BackupCorruptError(
      file,
      `its manifest is not valid (${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'})`,
    );
  }
  const manifest = result.data;
  const names = new Set<string>();
  for (const entry of manifest.entries) {
    if (names.has(entry.name)) throw new BackupCorruptError(file, 'its manifest lists it twice', entry.name);
    names.add(entry.name);
  }
  if (manifest.entries[0]?.name !== SEALED_KEY_ENTRY)
    throw new BackupCorruptError(file, `its first entry is not the sealed key (${SEALED_KEY_ENTRY})`);
  if (manifest.schemaVersion > latestSchemaVersion())
    throw new BackupTooNewError(file, manifest.schemaVersion, latestSchemaVersion(), manifest.appVersion);
  return manifest;
}

/** Reads only the manifest of a backup (to show what it holds before restoring). */
export async function readBackupManifest(file: string): Promise<BackupManifest> {
  const reader = await ArchiveReader.open(path.resolve(file));
  try {
    return await readManifest(reader, path.resolve(file));
  } finally {
    await reader.close();
  }
}

/** Extracts every entry into `temp`, the key first (unsealed with the passphrase). */
async function extractAll(
  reader: ArchiveReader,
  file: string,
  manifest: BackupManifest,
  temp: string,
  options: RestoreOptions,
): Promise<void> {
  const report = options.onProgress ?? (() => undefined);
  const [keyEntry, ...rest] = manifest.entries;
  const sealedBytes = await reader.readSmallEntry(keyEntry!.name, keyEntry!, MAX_SEALED_KEY_BYTES);
  let sealed;
  try {
    sealed = SealedKeySchema.parse(JSON.parse(sealedBytes.toString('utf8')));
  } catch (error) {
    throw new BackupCorruptError(
      file,
      `the sealed key cannot be read (${error instanceof z.ZodError ? 'not in the expected form' : (error as Error).message})`,
      SEALED_KEY_ENTRY,
    );
  }
  report({ phase: 'checking', done: 0, total: 0, message: 'Opening the sealed key' });
  const key = await unsealKey(sealed, options.passphrase, manifest.id);
  if (key === null) throw new WrongPassphraseError(file);
  if (!/^[0-9a-f]{64}$/.test(key)) throw new BackupCorruptError(file, 'the sealed key is not a Nimbus key', SEALED_KEY_ENTRY);
  writeFileSync(dataPaths(temp).keyFile, `${key}\n`, { mode: 0o600, flag: 'wx' });
  const total = rest.reduce((sum, entry) => sum + entry.storedSize, 0);
  let done = 0;
  for (const entry of rest) {
    stopIfAborted(options.signal);
    if (entry.name === path.basename(dataPaths(temp).keyFile))
      throw new BackupCorruptError(file, 'an entry may not replace the key file', entry.name);
    const target = path.join(temp, ...entry.name.split('/'));
    mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    await reader.extractEntry(entry.name, entry, target, entry.mode, (count) => {
      done += count;
      report({ phase: 'reading', done, total, message: 'Restoring files' });
    });
  }
  await reader.readEnd();
}

/** Throws when `signal` asks to stop: the caller's `finally` removes what was written. */
export function stopIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new NimbusError('cancelled', 'Cancelled; nothing was kept', {});
}

/** The checks run on the restored copy before it is kept; each passed check is described. */
function checkRestored(temp: string, file: string, manifest: BackupManifest): string[] {
  const checks: string[] = [`${manifest.entries.length} files match their SHA-256 checksums`, 'the passphrase opened the sealed key'];
  const database = path.join(temp, 'nimbus.db');
  if (!existsSync(database)) throw new RestoreCheckError(file, 'it holds no database (nimbus.db)');
  const found = readSchemaVersion(database);
  if (found !== manifest.schemaVersion)
    throw new RestoreCheckError(file, `its database has schema version ${found}, the manifest says ${manifest.schemaVersion}`);
  if (found > latestSchemaVersion()) throw new BackupTooNewError(file, found, latestSchemaVersion(), manifest.appVersion);
  if (!databaseIntact(database)) throw new RestoreCheckError(file, "its database fails SQLite's integrity check");
  checks.push(
    found < latestSchemaVersion()
      ? `database schema version ${found} (older: it is migrated to ${latestSchemaVersion()} when Nimbus opens it)`
      : `database schema version ${found}`,
  );
  const stateDir = dataPaths(temp).pulumiState;
  for (const checkpoint of checkpointFiles(stateDir)) {
    const problem = checkpointProblem(checkpoint);
    if (problem)
      throw new RestoreCheckError(file, `the Pulumi checkpoint ${path.relative(stateDir, checkpoint)} does not parse (${problem})`);
  }
  const live = manifest.deployments.filter((deployment) => deployment.everDeployed && deployment.status !== 'destroyed');
  for (const deployment of live) {
    if (!checkpointOf(stateDir, deployment.project, deployment.stackName))
      throw new RestoreCheckError(
        file,
        `deployment ${deployment.id} (${deployment.component}) has no Pulumi state for stack ${deployment.project}/${deployment.stackName}`,
      );
  }
  checks.push(`${manifest.stacks.length} Pulumi stacks parse; all ${live.length} live deployments have their state`);
  return checks;
}

/** Restores `options.file` into `options.target`; see the module comment for what is checked. */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreSummary> {
  const file = path.resolve(options.file);
  const target = path.resolve(options.target);
  const state = targetState(target);
  if (state === 'full' && !options.force)
    throw new RestoreTargetNotEmptyError(
      target,
      'it is not empty (restore into a new directory, or give --force to move what it holds aside)',
    );
  if (!existsSync(file)) throw new BackupCorruptError(file, 'the file does not exist');
  mkdirSync(path.dirname(target), { recursive: true });
  const reader = await ArchiveReader.open(file);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.restoring-${randomBytes(4).toString('hex')}`);
  let kept = false;
  try {
    const manifest = await readManifest(reader, file);
    mkdirSync(temp, { mode: 0o700 });
    await extractAll(reader, file, manifest, temp, options);
    const checks = checkRestored(temp, file, manifest);
    let movedAside: string | null = null;
    // Checked again at the last moment: something may have appeared in the target meanwhile.
    const now = targetState(target);
    if (now === 'full') {
      if (!options.force) throw new RestoreTargetNotEmptyError(target, 'files appeared in it while restoring');
      movedAside = `${target}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(target, movedAside);
    } else if (now === 'empty') {
      rmdirSync(target);
    }
    renameSync(temp, target);
    kept = true;
    return {
      dataDir: target,
      backupCreatedAt: manifest.createdAt,
      appVersion: manifest.appVersion,
      schemaVersion: manifest.schemaVersion,
      files: manifest.entries.length,
      bytes: manifest.entries.reduce((sum, entry) => sum + entry.size, 0),
      deployments: manifest.deployments.length,
      stacks: manifest.stacks.length,
      movedAside,
      checks,
    };
  } finally {
    await reader.close();
    if (!kept) rmSync(temp, { recursive: true, force: true });
  }
}
