import type { MethodInput, MethodOutput } from '../../api/contract.js';
import type { MethodName } from '../../common/method-names.js';

/** A lease as the server answered it (see `LeaseSchema`). */
export type KeptLease = MethodOutput<'listLeases'>[number];

/**
 * What offline work reads from the desktop's replica of the shared server it is connected to (the
 * offline planner above all): the server's last answer to a read, checked against the method's
 * output schema, for the session in use now — never another server's, tenant's or user's. Obtain it
 * as `engine.replica` (undefined for an engine without a server link); it answers undefined while
 * the engine works locally.
 */
export interface ReplicaReader {
  /** This data directory's client id: the one its leases are granted to. */
  readonly clientId: string;
  /**
   * The kept answer of `method(input)`, or undefined when none is kept (or it no longer fits the
   * schema); always undefined for a method the replica does not keep (`REPLICA_METHODS`).
   */
  answer<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M> | undefined>;
  /** When that answer was fetched from the server (ISO), or undefined. */
  fetchedAt<M extends MethodName>(method: M, input: MethodInput<M>): Promise<string | undefined>;
  /** The live leases this desktop holds (in one environment, or all), as last heard from the server. */
  leases(environment?: string): Promise<KeptLease[]>;
}
