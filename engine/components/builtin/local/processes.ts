import { isProcessAlive } from '../../../system/process-alive.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** Whether `pid` is a live process (a zombie awaiting its parent counts as gone). */
export const isAlive = isProcessAlive;

/** Live processes whose command line mentions `fragment` (Linux; elsewhere an empty list), to prove a test left nothing running. */
export function processesMentioning(fragment: string): number[] {
  if (!existsSync('/proc/self/cmdline')) return [];
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .filter((entry) => {
      try {
        return readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(fragment);
      } catch {
        // Gone meanwhile, or not ours to read: not a match.
        return false;
      }
    })
    .map(Number)
    .filter(isAlive);
}

/** Polls `condition` every 25 ms until it holds or `ms` pass; returns whether it held. */
export async function eventually(condition: () => boolean, ms = 3000): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 25) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return condition();
}

/** Kills every listed process that is still alive (SIGKILL) and waits until they are gone. */
export async function killAll(pids: Iterable<number>): Promise<void> {
  const list = [...pids];
  for (const pid of list) {
    try {
      if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  await eventually(() => list.every((pid) => !isAlive(pid)));
}
