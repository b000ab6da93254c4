/**
 * Leases for offline planning, kept up while the desktop is online: in every environment the user
 * may see, this desktop (one client id per data directory) holds a live lease of a default block —
 * addresses from the environment's pool and names for each component the tenant's topologies use —
 * and asks for a fresh one before the current one runs out. The previous lease is left to expire
 * rather than released, so values drawn from it offline and not yet confirmed stay set aside until
 * then. A user without the lease permission is skipped quietly (the status says so).
 */
import type { MethodInput, MethodOutput } from '../../api/contract.js';
import { NimbusError } from '../../errors.js';

/** Addresses set aside per environment. */
export const LEASE_ADDRESSES = 16;
/** Names set aside per component used in the tenant's topologies. */
export const LEASE_NAMES_PER_COMPONENT = 8;
/** How long a lease is asked for. */
export const LEASE_HOURS = 72;
/** A lease with less than this left is replaced by a fresh one. */
export const LEASE_RENEW_BEFORE_MS = 24 * 60 * 60 * 1000;
/** The permission leases need on the server. */
const LEASE_PERMISSION = 'sync:lease:manage';
/** The most components one lease names (the contract's limit). */
const MAX_LEASE_COMPONENTS = 50;

type Lease = MethodOutput<'listLeases'>[number];

/** How lease upkeep went, for the replica's status. */
export interface LeaseUpkeep {
  /** Live leases this desktop holds after the upkeep. */
  held: number;
  /** Environments the user may see. */
  environments: number;
  /** Why leases were skipped or some failed, or null. */
  note: string | null;
}

/** What upkeep needs: calls to the server (their answers kept by the caller). */
export interface LeaseCalls {
  call<M extends 'grantLease' | 'listLeases'>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
}

/** The components (`name@version`) the tenant's topologies use, at most the contract's limit, sorted. */
export function componentsInTopologies(documents: readonly { nodes: readonly { component?: string }[] }[]): string[] {
  const refs = new Set<string>();
  for (const document of documents)
    for (const node of document.nodes)
      if (typeof node.component === 'string' && /^[^@\s]+@\d+$/.test(node.component)) refs.add(node.component);
  return [...refs].sort().slice(0, MAX_LEASE_COMPONENTS);
}

/** Makes sure a live lease with enough time left is held in each environment; never throws a server's refusal. */
export async function keepLeases(
  calls: LeaseCalls,
  input: { clientId: string; permissions: readonly string[]; environments: readonly string[]; components: readonly string[]; now: number },
): Promise<LeaseUpkeep> {
  const environments = input.environments.length;
  if (!input.permissions.includes(LEASE_PERMISSION))
    return { held: 0, environments, note: `No leases: this user lacks the ${LEASE_PERMISSION} permission on the server` };
  const live = await calls.call('listLeases', { client: input.clientId, live: true });
  const fresh = (lease: Lease) => lease.endedAt === null && Date.parse(lease.expiresAt) - input.now > LEASE_RENEW_BEFORE_MS;
  const problems: string[] = [];
  for (const environment of input.environments) {
    if (live.some((lease) => lease.environment === environment && fresh(lease))) continue;
    const names = input.components.map((component) => ({ component, count: LEASE_NAMES_PER_COMPONENT }));
    const attempts: MethodInput<'grantLease'>[] = [
      { environment, client: input.clientId, addresses: LEASE_ADDRESSES, names, hours: LEASE_HOURS },
      // An environment without an IPAM pool, or a component it cannot name, still gets what it can.
      ...(names.length > 0 ? [{ environment, client: input.clientId, addresses: 0, names, hours: LEASE_HOURS }] : []),
      { environment, client: input.clientId, addresses: LEASE_ADDRESSES, names: [], hours: LEASE_HOURS },
    ];
    let last: NimbusError | undefined;
    for (const attempt of attempts) {
      try {
        await calls.call('grantLease', attempt);
        last = undefined;
        break;
      } catch (error) {
        if (!(error instanceof NimbusError) || error.code === 'server_unreachable' || error.code === 'unauthorized') throw error;
        if (error.code === 'forbidden')
          return { held: live.length, environments, note: `No leases: the server refused them (${error.message})` };
        last = error;
      }
    }
    if (last) problems.push(`${environment}: ${last.message}`);
  }
  const after = await calls.call('listLeases', { client: input.clientId, live: true });
  const held = after.filter((lease) => lease.endedAt === null).length;
  return { held, environments, note: problems.length > 0 ? `Some leases could not be had: ${problems.join('; ')}` : null };
}
