import { existsSync, readFileSync } from 'node:fs';

/**
 * Whether `pid` is a live process on this machine (a zombie awaiting its parent counts as gone), so
 * records left by a process that died (jobs, deploy locks) can be told from those of one still working.
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!existsSync(`/proc/${pid}/stat`)) return existsSync('/proc/self/stat') ? false : true;
  try {
    // Field 3 of /proc/<pid>/stat is the state; the command name before it is in parentheses.
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').at(-1)!.trim()[0] !== 'Z';
  } catch {
    // It exited between the two looks.
    return false;
  }
}
