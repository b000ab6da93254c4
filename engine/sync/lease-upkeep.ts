/**
 * The one lease policy of a desktop that plans offline, used wherever its leases are kept up (the
 * replica's walk for every environment the user may see, an online plan for its environment and
 * components): in each environment the desktop holds live leases with more than a day left that
 * together hold addresses (where the environment has an IPAM pool) and names for each component that
 * takes a name from the environment's pattern. When no lease there has a day left it asks for a full
 * block (16 addresses, 8 names per component, 72 hours); when one has, it asks only for what those
 * leases lack. A lease running out is left to expire rather than released, so values drawn from it
 * offline and not yet confirmed stay set aside until then. A user without the lease permission is
 * skipped quietly (the status says so).
 */
import type { MethodInput, MethodOutput } from '../api/contract.js';
import type { ResolverBindings } from '../components/bindings.js';
import { NimbusError } from '../errors.js';
import { nameSeries, seqInSeries } from '../resolvers/naming/naming-service.js';
import type { LeaseView } from './lease-service.js';

/** Addresses set aside per environment. */
export const LEASE_ADDRESSES = 16;
/** Names set aside per component. */
export const LEASE_NAMES_PER_COMPONENT = 8;
/** How long a lease is asked for. */
export const LEASE_HOURS = 72;
/** A lease with less than this left no longer counts: a fresh one is asked for. */
export const LEASE_RENEW_BEFORE_MS = 24 * 60 * 60 * 1000;
/** The permission leases need on the server. */
const LEASE_PERMISSION = 'sync:lease:manage';
/** The most components one lease names (the contract's limit). */
const MAX_LEASE_COMPONENTS = 50;

/** What the desktop knows of an environment it keeps leases in (its effective resolver config). */
export interface UpkeepEnvironment {
  name: string;
  landingZone: string;
  config: { ipam: { pool?: string | undefined }; naming: { pattern: string; scope: string } };
}

/** What the desktop knows of a component it plans with (its detail and the version's bindings). */
export interface UpkeepComponent {
  ref: string;
  name: string;
  provider: string;
  semanticType: string;
  bindings: ResolverBindings;
}

/** What to ask a new lease for in one environment. */
export interface LeaseAsk {
  addresses: number;
  names: { component: string; count: number }[];
}

/** How lease upkeep went, for the replica's status. */
export interface LeaseUpkeep {
  /** Live leases this desktop holds after the upkeep. */
  held: number;
  /** Environments the upkeep looked at. */
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

/** Whether a component takes names from the environment's pattern (a binding with a pattern of its own is left to the server). */
const takesNames = (component: UpkeepComponent): boolean =>
  Object.values(component.bindings).some((binding) => binding.resolver === 'naming' && binding.output !== 'domain' && !binding.pattern);

/**
 * What the desktop should ask for in `environment` so it can plan `components` offline there, from
 * its `leases` (as last heard) at `now`; null when nothing is missing (see the module comment).
 */
export function leaseAsk(
  environment: UpkeepEnvironment,
  components: readonly UpkeepComponent[],
  leases: readonly LeaseView[],
  now: number,
): LeaseAsk | null {
  const fresh = leases.filter(
    (lease) =>
      lease.environment === environment.name && lease.endedAt === null && Date.parse(lease.expiresAt) - now > LEASE_RENEW_BEFORE_MS,
  );
  const hasPool = environment.config.ipam.pool !== undefined;
  const named = components.filter(takesNames);
  const ask = (addresses: boolean, asked: readonly UpkeepComponent[]): LeaseAsk => ({
    addresses: addresses ? LEASE_ADDRESSES : 0,
    names: asked.slice(0, MAX_LEASE_COMPONENTS).map((component) => ({ component: component.ref, count: LEASE_NAMES_PER_COMPONENT })),
  });
  if (fresh.length === 0) return hasPool || named.length > 0 ? ask(hasPool, named) : null;
  const needsAddresses = hasPool && !fresh.some((lease) => lease.addresses.some((entry) => entry.values.length > 0));
  const scope = environment.config.naming.scope === 'global' ? 'global' : `env:${environment.name}`;
  const missing = named.filter((component) => {
    const { series, parts } = nameSeries({
      pattern: environment.config.naming.pattern,
      context: {
        env: environment.name,
        type: component.semanticType,
        provider: component.provider,
        zone: environment.landingZone,
        component: component.name,
      },
      scope,
    });
    return !fresh.some((lease) =>
      lease.names.some((entry) => entry.scope === scope && seqInSeries(series, parts, entry.name) !== undefined),
    );
  });
  if (!needsAddresses && missing.length === 0) return null;
  return ask(needsAddresses, missing);
}

/**
 * Asks for what {@link leaseAsk} says is missing in each environment, given the live `leases` this
 * desktop holds as last heard (listed only when not heard, and again after a grant); never throws a server's refusal,
 * only what ends the upkeep (the server cannot be reached, the session is over).
 */
export async function keepLeases(
  calls: LeaseCalls,
  input: {
    clientId: string;
    /** The user's permissions on the server, when known. */
    permissions: readonly string[] | undefined;
    environments: readonly UpkeepEnvironment[];
    components: readonly UpkeepComponent[];
    /** The live leases as last heard; undefined when not heard (they are listed first). */
    leases: readonly LeaseView[] | undefined;
    now: number;
  },
): Promise<LeaseUpkeep> {
  const environments = input.environments.length;
  const live = (leases: readonly LeaseView[]) => leases.filter((lease) => lease.endedAt === null).length;
  if (input.permissions && !input.permissions.includes(LEASE_PERMISSION))
    return { held: 0, environments, note: `No leases: this user lacks the ${LEASE_PERMISSION} permission on the server` };
  const leases = input.leases ?? (await calls.call('listLeases', { client: input.clientId, live: true }));
  const problems: string[] = [];
  let granted = false;
  for (const environment of input.environments) {
    const wanted = leaseAsk(environment, input.components, leases, input.now);
    if (!wanted) continue;
    const base = { environment: environment.name, client: input.clientId, hours: LEASE_HOURS };
    const attempts: MethodInput<'grantLease'>[] = [
      { ...base, ...wanted },
      // An environment whose pool is gone, or a component it cannot name, still gets what it can.
      ...(wanted.addresses > 0 && wanted.names.length > 0
        ? [
            { ...base, addresses: 0, names: wanted.names },
            { ...base, addresses: wanted.addresses, names: [] },
          ]
        : []),
    ];
    let last: NimbusError | undefined;
    for (const attempt of attempts) {
      try {
        await calls.call('grantLease', attempt);
        granted = true;
        last = undefined;
        break;
      } catch (error) {
        if (!(error instanceof NimbusError) || error.code === 'server_unreachable' || error.code === 'unauthorized') throw error;
        if (error.code === 'forbidden')
          return { held: live(leases), environments, note: `No leases: the server refused them (${error.message})` };
        last = error;
      }
    }
    if (last) problems.push(`${environment.name}: ${last.message}`);
  }
  const after = granted ? await calls.call('listLeases', { client: input.clientId, live: true }) : leases;
  return { held: live(after), environments, note: problems.length > 0 ? `Some leases could not be had: ${problems.join('; ')}` : null };
}
