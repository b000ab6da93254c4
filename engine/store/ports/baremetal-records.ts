/**
 * The records of the bare-metal provider registry: registries (a Git repository of TOML files and the
 * outcome of its last sync), the machines of its last good sync, and reservations of machines by the
 * nodes placed on them. A machine is held by at most one live reservation: the stores refuse a second
 * one (a unique index on live reservations), so two nodes planned at the same time never get one machine.
 */
import type { Machine, RegistryProblem } from '../../baremetal/registry-format.js';

/** The outcome of a registry's last sync. */
export interface RegistrySyncResult {
  at: string;
  status: 'ok' | 'failed';
  /** The commit the checkout reached (null when git itself failed). */
  commit: string | null;
  /** What was wrong: file, line and message per problem (empty when the sync succeeded). */
  problems: RegistryProblem[];
  /** How many machines the registry holds now (the last good sync's when this one failed). */
  machines: number;
}

/** A recorded registry. */
export interface RegistryRecord {
  id: string;
  name: string;
  /** A Git URL or a local path, as given to `nimbus registry add`. */
  source: string;
  createdAt: string;
  lastSync: RegistrySyncResult | null;
}

/** A machine held by a node (its deployment's owner). */
export interface ReservationRecord {
  id: string;
  machineId: string;
  /** The allocation owner (`deployment:…`), released with the deployment's other allocations. */
  owner: string;
  /** The node placed on the machine (its label), for people reading the list. */
  node: string;
  reservedAt: string;
}

/** Registries, their machines and reservations; every change is audited in its transaction. */
export interface BareMetalPort {
  /** Records a registry; rejects with `registry_exists` when the tenant has one of that name. */
  insertRegistry(registry: RegistryRecord): Promise<void>;
  registry(idOrName: string): Promise<RegistryRecord | undefined>;
  registries(): Promise<RegistryRecord[]>;
  /**
   * Records a sync's outcome; with `machines`, they replace the registry's machines (a good sync),
   * without them the last good machines stay.
   */
  recordSync(registryId: string, result: RegistrySyncResult, machines: Machine[] | null): Promise<void>;
  /** Every machine of every registry of the tenant, by id. */
  machines(): Promise<Machine[]>;
  /** The live reservations, by machine id. */
  reservations(): Promise<ReservationRecord[]>;
  /** Reserves a machine: false, writing nothing, when it is already reserved. */
  reserve(reservation: ReservationRecord): Promise<boolean>;
  /** Releases every live reservation of `owner`; returns those released. */
  releaseOwner(owner: string, at: string): Promise<ReservationRecord[]>;
}
