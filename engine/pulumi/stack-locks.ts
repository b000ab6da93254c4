/**
 * The lock files of a `file://` backend. While an update runs, the CLI keeps one JSON file per holder
 * under `<state>/.pulumi/locks/organization/<project>/<stack>/<uuid>.json` (legacy, non-project
 * layout: `<state>/.pulumi/locks/<stack>/`), holding `{ pid, username, hostname, timestamp }`, plus a
 * `<uuid>.json.attrs` sidecar. A CLI killed mid-update leaves them behind and every later update of the
 * stack fails as "currently locked" until they are removed (`pulumi cancel`). Layout checked against
 * Pulumi CLI v3.259.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { fileBackendDir, type StackTarget } from './stack-target.js';

/** One lock file: who holds (or held) the stack, as the CLI recorded it. */
export interface StackLock {
  file: string;
  pid: number | null;
  username: string | null;
  hostname: string | null;
  /** ISO-8601, when the lock was taken. */
  timestamp: string | null;
}

/** The project name from Pulumi.yaml (or Pulumi.yml) in `workDir`, or null when there is none. */
export function projectName(workDir: string): string | null {
  for (const file of ['Pulumi.yaml', 'Pulumi.yml']) {
    const full = path.join(workDir, file);
    if (!existsSync(full)) continue;
    const parsed: unknown = parseYaml(readFileSync(full, 'utf8'));
    const name = (parsed as { name?: unknown } | null)?.name;
    return typeof name === 'string' ? name : null;
  }
  return null;
}

/** The directories that may hold the locks of `target`'s stack; empty for backends other than `file://`. */
export function lockDirectories(target: Pick<StackTarget, 'backendUrl' | 'workDir' | 'stackName'>): string[] {
  const stateDir = fileBackendDir(target);
  if (!stateDir) return [];
  const locks = path.join(stateDir, '.pulumi', 'locks');
  // A DIY stack may be named fully, `organization/<project>/<stack>`.
  const parts = target.stackName.split('/');
  const stack = parts.at(-1) ?? target.stackName;
  const project = parts.length === 3 ? parts[1] : projectName(target.workDir);
  return [...(project ? [path.join(locks, 'organization', project, stack)] : []), path.join(locks, stack)];
}

/** The lock files now present for `target`'s stack (`file://` backends only; elsewhere always empty). */
export function listStackLocks(target: Pick<StackTarget, 'backendUrl' | 'workDir' | 'stackName'>): StackLock[] {
  return lockDirectories(target).flatMap((dir) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((name) => name.endsWith('.json'))
          .map((name) => readLock(path.join(dir, name)))
      : [],
  );
}

/** Deletes the given lock files and their `.attrs` sidecars. */
export function removeStackLocks(locks: StackLock[]): void {
  for (const lock of locks) {
    rmSync(lock.file, { force: true });
    rmSync(`${lock.file}.attrs`, { force: true });
  }
}

function readLock(file: string): StackLock {
  let content: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (parsed && typeof parsed === 'object') content = parsed as Record<string, unknown>;
  } catch {
    // Half-written or foreign: still a lock, with nothing known about its holder.
  }
  const text = (key: string) => (typeof content[key] === 'string' ? (content[key] as string) : null);
  return {
    file,
    pid: typeof content.pid === 'number' ? content.pid : null,
    username: text('username'),
    hostname: text('hostname'),
    timestamp: text('timestamp'),
  };
}
