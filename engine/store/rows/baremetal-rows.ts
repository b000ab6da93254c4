import { MachineSchema, type Machine } from '../../baremetal/registry-format.js';
import { NimbusError } from '../../errors.js';
import type { RegistryRecord, RegistrySyncResult, ReservationRecord } from '../ports/baremetal-records.js';

/** A registry row of either store (SQLite keeps JSON as text and times as ISO text; PostgreSQL parses jsonb and returns Dates). */
export interface RegistryRow {
  id: string;
  name: string;
  source: string;
  created_at: string | Date;
  last_sync: string | RegistrySyncResult | null;
}

export interface ReservationRow {
  id: string;
  machine_id: string;
  owner: string;
  node: string;
  reserved_at: string | Date;
}

const iso = (value: string | Date): string => (typeof value === 'string' ? value : value.toISOString());

export function toRegistry(row: RegistryRow): RegistryRecord {
  const lastSync = typeof row.last_sync === 'string' ? (JSON.parse(row.last_sync) as RegistrySyncResult) : row.last_sync;
  return { id: row.id, name: row.name, source: row.source, createdAt: iso(row.created_at), lastSync };
}

export function toReservation(row: ReservationRow): ReservationRecord {
  return { id: row.id, machineId: row.machine_id, owner: row.owner, node: row.node, reservedAt: iso(row.reserved_at) };
}

/** A stored machine, checked: a row that does not parse is a store fault, named. */
export function toMachine(data: unknown): Machine {
  const parsed = MachineSchema.safeParse(typeof data === 'string' ? JSON.parse(data) : data);
  if (!parsed.success) throw new NimbusError('internal', `a stored bare-metal machine does not parse: ${parsed.error.message}`, {});
  return parsed.data;
}

/** The entity names of audit rows. */
export const REGISTRY_ENTITY = 'baremetal-registry';
export const RESERVATION_ENTITY = 'baremetal-reservation';

/** The refusal of a second registry of one name. */
export function registryExists(name: string): NimbusError {
  return new NimbusError('registry_exists', `a registry named ${name} is already recorded`, { name });
}
