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

/** Processes working under the server's data directory other than the server itself (its machines, Pulumi). */
export function leftoverProcesses(server: NimbusServer): number[] {
  return processesMentioning(server.dataDir).filter((pid) => pid !== server.process.pid);
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
