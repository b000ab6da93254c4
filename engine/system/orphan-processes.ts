import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isProcessAlive } from './process-alive.js';

/**
 * Live processes (other than this one) whose command line has `argument` immediately after `flag`,
 * e.g. the `pulumi up … --stack NAME` a killed engine left running. Linux only (reads /proc);
 * elsewhere the list is empty and recovery relies on Pulumi's lock alone.
 */
export function processesWithArgument(flag: string, argument: string): number[] {
  if (!existsSync('/proc/self/cmdline')) return [];
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .filter((entry) => {
      try {
        const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
        return args.some((arg, index) => arg === flag && args[index + 1] === argument);
      } catch {
        // The process ended while we looked, or is not ours to read: not a match.
        return false;
      }
    })
    .map(Number);
}

/**
 * Live processes (other than this one) whose working directory is `dir` or inside it: the language
 * host, the program and the provider plugins a killed Pulumi CLI leaves behind in a work directory.
 */
export function processesWorkingIn(dir: string): number[] {
  if (!existsSync('/proc/self/cwd')) return [];
  let root: string;
  try {
    root = realpathSync(dir);
  } catch {
    // No such directory: nothing can be working in it.
    return [];
  }
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .filter((entry) => {
      try {
        const cwd = readlinkSync(`/proc/${entry}/cwd`);
        return cwd === root || cwd.startsWith(`${root}${path.sep}`);
      } catch {
        // The process ended while we looked, or is not ours to read: not a match.
        return false;
      }
    })
    .map(Number);
}

/**
 * Stops processes politely (SIGINT: Pulumi finishes the step under way and saves its state), then
 * firmly after `graceMs`. Resolves when all of them are gone.
 */
export async function stopProcesses(pids: number[], graceMs = 20_000): Promise<void> {
  const signal = (pid: number, name: NodeJS.Signals) => {
    try {
      process.kill(pid, name);
    } catch {
      // Already gone.
    }
  };
  for (const pid of pids) signal(pid, 'SIGINT');
  const deadline = Date.now() + graceMs;
  while (pids.some(isProcessAlive) && Date.now() < deadline) await sleep(100);
  for (const pid of pids.filter(isProcessAlive)) signal(pid, 'SIGKILL');
  while (pids.some(isProcessAlive)) await sleep(50);
}
