import { readdirSync, readFileSync } from 'node:fs';
import type { NimbusServer } from './fixtures.js';

/** Processes whose command line mentions `text` (the local provider's machines run under the data directory). */
export function processesMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) pids.push(Number(entry));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return pids;
}

/** The parent of a process, or null when it is gone. */
function parentOf(pid: number): number | null {
  try {
    // After the command name in parentheses (which may hold spaces): state, then the parent's pid.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/** The server's own Pulumi program host: it lives as long as the server's engine, and is no leftover. */
function isProgramHostOf(server: NimbusServer, pid: number): boolean {
  try {
    return parentOf(pid) === server.process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('program-host.js');
  } catch {
    return false;
  }
}

/**
 * Processes working under the server's data directory other than the server itself and its program
 * host (its machines, Pulumi CLIs, providers).
 */
export function leftoverProcesses(server: NimbusServer): number[] {
  return processesMentioning(server.dataDir).filter((pid) => pid !== server.process.pid && !isProgramHostOf(server, pid));
}

/** Kills whatever a test left running under the server's data directory, so no machine outlives it. */
export function killLeftoverProcesses(server: NimbusServer): void {
  for (const pid of leftoverProcesses(server)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
