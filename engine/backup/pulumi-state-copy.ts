/**
 * A consistent copy of a `file://` Pulumi state backend while the app may be deploying: the copy is
 * taken while no operation holds a stack lock (the CLI keeps a lock file under `.pulumi/locks` for
 * the whole of an update, see pulumi/stack-locks.ts), and taken again when a lock appeared or a
 * checkpoint changed while it was being made. Every copied checkpoint must then parse.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { BackupUnavailableError } from './backup-errors.js';

/** The state directory's lock files of live holders (a lock whose process on this host is gone is stale, and ignored). */
export function heldLocks(stateDir: string): string[] {
  const locks = path.join(stateDir, '.pulumi', 'locks');
  return walk(locks).filter((file) => file.endsWith('.json') && !lockIsStale(file));
}

function lockIsStale(file: string): boolean {
  try {
    const lock = JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown; hostname?: unknown };
    if (typeof lock.pid !== 'number' || typeof lock.hostname !== 'string') return false;
    if (lock.hostname !== os.hostname()) return false;
    process.kill(lock.pid, 0);
    return false;
  } catch (error) {
    // ESRCH: no such process, so nobody holds the lock any more.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Every regular file under `dir` (absolute paths); symbolic links and other special files are left out. */
export function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...walk(full));
    else if (entry.isFile()) files.push(full);
  }
  return files.sort();
}

/** Sizes and modification times of the checkpoints: a change between two looks means an update ran in between. */
export function checkpointFingerprint(stateDir: string): string {
  return walk(path.join(stateDir, '.pulumi', 'stacks'))
    .map((file) => {
      const stat = statSync(file, { throwIfNoEntry: false });
      return `${file}:${stat?.size ?? -1}:${stat?.mtimeMs ?? -1}`;
    })
    .join('\n');
}

/** Waits until no live process holds a lock in `stateDir`, at most `timeoutMs`. */
export async function waitUntilUnlocked(stateDir: string, timeoutMs: number, onWait: (locks: number) => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    const locks = heldLocks(stateDir);
    if (locks.length === 0) return;
    if (!told) {
      onWait(locks.length);
      told = true;
    }
    if (Date.now() >= deadline) {
      throw new BackupUnavailableError(
        path.dirname(path.dirname(stateDir)),
        `a Pulumi operation has held a stack lock for more than ${Math.round(timeoutMs / 1000)} s (${locks.map((file) => path.relative(stateDir, file)).join(', ')}); try again when it has finished`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The stacks in a state directory, as `<project>/<stack>`, from its checkpoint files. */
export function stacksIn(stateDir: string): string[] {
  const root = path.join(stateDir, '.pulumi', 'stacks');
  return walk(root)
    .map((file) => path.relative(root, file).split(path.sep).join('/'))
    .filter((name) => /\.json(\.gz)?$/.test(name))
    .map((name) => name.replace(/\.json(\.gz)?$/, ''))
    .sort();
}

/** Whether the checkpoint file parses (plain or gzip'd JSON); the reason when it does not. */
export function checkpointProblem(file: string): string | null {
  try {
    const bytes = readFileSync(file);
    const text = file.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object') return 'it is not a JSON object';
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The checkpoint files of a state directory (not their `.bak` copies). */
export function checkpointFiles(stateDir: string): string[] {
  return walk(path.join(stateDir, '.pulumi', 'stacks')).filter((file) => /\.json(\.gz)?$/.test(file));
}

/** Where a stack's checkpoint is, or null when it has none. */
export function checkpointOf(stateDir: string, project: string, stack: string): string | null {
  const base = path.join(stateDir, '.pulumi', 'stacks', project, stack);
  for (const file of [`${base}.json`, `${base}.json.gz`]) if (existsSync(file)) return file;
  return null;
}
