import { TopologyCostTotal } from './CostViews';
import { useTopologyCost } from './use-topology-cost';

/** The deploy wizard's monthly total of the saved topology in the chosen environment. */
export function WizardCost({ topologyId, environment }: { topologyId: string; environment: string }) {
  const cost = useTopologyCost({ source: null, environment, topologyId });
  return <TopologyCostTotal cost={cost} testId="wizard-cost" />;
}
