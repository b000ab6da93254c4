import { NimbusError } from '../../errors.js';
import type { Services } from '../../services.js';
import type { StorePort } from '../../store/ports/store-port.js';
import type { Handlers } from '../dispatcher.js';
import type { UsageFile } from '../schemas/cost.js';
import { planningHandlers } from './planning-handlers.js';

type CostHandlers = Pick<
  Handlers,
  | 'getPricingSnapshot'
  | 'importPricingSnapshot'
  | 'listRateCards'
  | 'setRateCard'
  | 'removeRateCard'
  | 'estimateTopologyCost'
  | 'estimateEnvironmentCost'
>;

/**
 * API methods of cost estimates. A topology is priced from the same preview resolution the planner
 * shows (`planTopology`: reserves nothing), so the cost and the parameters it is made from agree.
 */
export function costHandlers(services: Services, store: StorePort): CostHandlers {
  const { costs } = services;
  const planning = planningHandlers(services, store);
  return {
    getPricingSnapshot: () => costs.pricingInfo(),
    importPricingSnapshot: ({ text, source }) => costs.importPricing(text, source),
    listRateCards: () => costs.listRateCards(),
    setRateCard: (input) => costs.setRateCard({ ...input, currency: input.currency ?? 'USD' }),
    removeRateCard: ({ landingZone }) => costs.removeRateCard(landingZone),
    estimateTopologyCost: async ({ id, document, environment, usage }) => {
      const doc = document ?? (id ? (await store.topologies.get(id)).document : undefined);
      if (!doc) throw new NimbusError('invalid_input', 'Give the topology to estimate: its id or a document', {});
      const resolution = await planning.planTopology({ ...(id ? { id } : {}), document: doc, environment });
      const env = await services.landingZones.getEnvironment(environment);
      const { lookup } = await services.catalog(doc);
      return costs.estimateResolution(resolution.nodes, lookup, { environment: env.name, landingZone: env.landingZone }, usageOf(usage));
    },
    estimateEnvironmentCost: async ({ environment, usage }) => {
      const env = await services.landingZones.getEnvironment(environment);
      const deployments = await store.deployments.list({ environment: env.name });
      return costs.estimateEnvironment(env.name, env.landingZone, deployments, usageOf(usage));
    },
  };
}

/** A usage file as the dispatcher checked it, with its defaults filled in. */
function usageOf(
  usage: { version: 1; nodes?: UsageFile['nodes']; components?: UsageFile['components'] } | undefined,
): UsageFile | undefined {
  return usage && { version: 1, nodes: usage.nodes ?? {}, components: usage.components ?? {} };
}
