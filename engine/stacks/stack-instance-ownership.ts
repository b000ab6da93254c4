import { isProcessAlive } from '../system/process-alive.js';
import type { StackInstanceRecord } from '../store/ports/catalog-records.js';

/**
 * Whether another live process (the CLI beside the app) is running this instance's workflow: that
 * process owns the actor until the workflow ends, so this one neither restores nor drives it.
 */
export function ownedElsewhere(row: StackInstanceRecord): boolean {
  if (!row.busy || !row.activity) return false;
  const pid = row.activity.pid;
  return pid !== undefined && pid !== process.pid && isProcessAlive(pid);
}

/** The pid and workflow of the process that owns a busy instance, for the refusal that names it. */
export function ownerOf(row: StackInstanceRecord): { workflow: string; pid: number } {
  return row.activity as { workflow: string; pid: number };
}
