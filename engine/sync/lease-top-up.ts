import type { ResolverBindings } from '../components/bindings.js';
import { nameSeries, seqInSeries } from '../resolvers/naming/naming-service.js';
import type { LeaseView } from './lease-service.js';

/** What the desktop knows of an environment and of a component it plans with. */
export interface TopUpEnvironment {
  name: string;
  landingZone: string;
  config: { ipam: { pool?: string | undefined }; naming: { pattern: string; scope: string } };
}

export interface TopUpComponent {
  ref: string;
  name: string;
  provider: string;
  semanticType: string;
  bindings: ResolverBindings;
}

/** What to ask a new lease for: addresses, and names for the components none of the leases has names for. */
export interface TopUp {
  addresses: number;
  names: { component: string; count: number }[];
}

/**
 * What a desktop lacks to plan `components` offline in an environment from its live `leases` there:
 * addresses when no lease holds any (and the environment has a pool), names for each component whose
 * names (in the environment's pattern) no lease holds; null when nothing is missing. A binding with
 * a pattern of its own is left to the server (a lease holds names in the environment's pattern only).
 */
export function leaseTopUp(
  environment: TopUpEnvironment,
  components: readonly TopUpComponent[],
  leases: readonly LeaseView[],
  sizes: { addresses: number; namesPerComponent: number },
): TopUp | null {
  const live = leases.filter((lease) => lease.environment === environment.name && lease.endedAt === null);
  const needsAddresses =
    environment.config.ipam.pool !== undefined && !live.some((lease) => lease.addresses.some((entry) => entry.values.length > 0));
  const scope = environment.config.naming.scope === 'global' ? 'global' : `env:${environment.name}`;
  const names = components
    .filter((component) =>
      Object.values(component.bindings).some((binding) => binding.resolver === 'naming' && binding.output !== 'domain' && !binding.pattern),
    )
    .filter((component) => {
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
      return !live.some((lease) =>
        lease.names.some((entry) => entry.scope === scope && seqInSeries(series, parts, entry.name) !== undefined),
      );
    })
    .map((component) => ({ component: component.ref, count: sizes.namesPerComponent }));
  if (!needsAddresses && names.length === 0) return null;
  return { addresses: needsAddresses ? sizes.addresses : 0, names: names.slice(0, 50) };
}
