import { NimbusError } from '../errors.js';
import type { Machine } from './registry-format.js';

/** What a bare-metal node asks of its machine. */
export interface MachineRequirements {
  minCores: number;
  minMemoryGb: number;
  minDiskGb: number;
  /** Exact location (`fra1-r1`), or a prefix ending in `*` (`fra1*`); none: anywhere. */
  location?: string | undefined;
  /** Only machines of this registry provider. */
  provider?: string | undefined;
}

/** A placement: the machine chosen and why, in words a person reads in the plan. */
export interface Placement {
  machine: Machine;
  reason: string;
}

function locationMatches(want: string | undefined, have: string | null): boolean {
  if (!want) return true;
  if (!have) return false;
  return want.endsWith('*') ? have.startsWith(want.slice(0, -1)) : have === want;
}

/** What a machine lacks for `needs`, or an empty list when it fits. */
export function shortfalls(machine: Machine, needs: MachineRequirements): string[] {
  const lacks: string[] = [];
  if (needs.provider && machine.provider !== needs.provider) lacks.push(`provider ${machine.provider}, not ${needs.provider}`);
  if (!locationMatches(needs.location, machine.location)) lacks.push(`location ${machine.location ?? 'unknown'}, not ${needs.location}`);
  if (machine.cpuCores < needs.minCores) lacks.push(`${machine.cpuCores} cores < ${needs.minCores}`);
  if (machine.memoryGb < needs.minMemoryGb) lacks.push(`${machine.memoryGb} GB memory < ${needs.minMemoryGb}`);
  if (machine.diskGb < needs.minDiskGb) lacks.push(`${machine.diskGb} GB disk < ${needs.minDiskGb}`);
  return lacks;
}

function describeNeeds(needs: MachineRequirements): string {
  const parts = [`≥${needs.minCores} cores`, `≥${needs.minMemoryGb} GB memory`, `≥${needs.minDiskGb} GB disk`];
  if (needs.location) parts.push(`location ${needs.location}`);
  if (needs.provider) parts.push(`provider ${needs.provider}`);
  return parts.join(', ');
}

/**
 * The machines that fit `needs` and are not reserved, best first: the smallest that fits (fewest
 * cores, then memory, then disk, then id), so large machines stay free for nodes that need them.
 */
export function candidates(machines: readonly Machine[], reserved: ReadonlySet<string>, needs: MachineRequirements): Machine[] {
  return machines
    .filter((machine) => !reserved.has(machine.id) && shortfalls(machine, needs).length === 0)
    .sort((a, b) => a.cpuCores - b.cpuCores || a.memoryGb - b.memoryGb || a.diskGb - b.diskGb || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Why `machine` was chosen among the machines. */
export function placementReason(
  machine: Machine,
  machines: readonly Machine[],
  reserved: ReadonlySet<string>,
  needs: MachineRequirements,
): string {
  const fitting = machines.filter((m) => shortfalls(m, needs).length === 0);
  const taken = fitting.filter((m) => reserved.has(m.id)).length;
  const others = fitting.length - taken - 1;
  return (
    `capacity: ${machine.id} (${machine.provider}${machine.location ? `, ${machine.location}` : ''}: ${machine.cpuCores} cores, ` +
    `${machine.memoryGb} GB, ${machine.diskGb} GB disk) is the smallest free machine with ${describeNeeds(needs)}` +
    `; ${others} other free, ${taken} reserved, ${machines.length - fitting.length} too small or elsewhere`
  );
}

/**
 * The error when nothing fits: what each machine lacks (the first few), or that every fitting machine
 * is reserved, so the plan says what to change.
 */
export function noCapacity(machines: readonly Machine[], reserved: ReadonlySet<string>, needs: MachineRequirements): NimbusError {
  if (machines.length === 0) {
    return new NimbusError(
      'capacity_unavailable',
      'no bare-metal machine is registered: add a registry and sync it (nimbus registry add, nimbus registry sync)',
      {},
    );
  }
  const fitting = machines.filter((m) => shortfalls(m, needs).length === 0);
  if (fitting.length > 0) {
    return new NimbusError(
      'capacity_unavailable',
      `every machine with ${describeNeeds(needs)} is reserved (${fitting.map((m) => m.id).join(', ')})`,
      { reserved: fitting.map((m) => m.id) },
    );
  }
  const why = machines.slice(0, 5).map((m) => `${m.id}: ${shortfalls(m, needs).join(', ')}`);
  return new NimbusError(
    'capacity_unavailable',
    `no registered machine has ${describeNeeds(needs)} (${why.join('; ')}${machines.length > 5 ? `; and ${machines.length - 5} more` : ''})`,
    { needs },
  );
}
