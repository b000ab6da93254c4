import { useCallback } from 'react';
import type { CostEstimate, TopologyDocument } from '../../../engine/api/contract';
import { useApi } from '../api/ApiProvider';
import { useApiResource } from '../api/use-api-resource';
import { useDebouncedValue } from '../ui/use-debounced-value';

/** Estimate again this long after the last edit, like the plan. */
const ESTIMATE_DELAY_MS = 400;

export interface TopologyCost {
  estimate: CostEstimate | null;
  loading: boolean;
  error: unknown;
}

/**
 * The monthly cost of a topology document (the canvas as it is now, saved or not) in an environment,
 * estimated again after edits; without a document, the saved topology `topologyId`. Without an
 * environment, nothing is estimated.
 */
export function useTopologyCost(options: {
  /** What holds the document (the planner's editor, whose identity is stable), read when a request goes out. */
  source: { toDocument(): TopologyDocument } | null;
  environment: string | null;
  topologyId?: string | null;
  version?: unknown;
}): TopologyCost {
  const api = useApi();
  const { source, environment, topologyId } = options;
  const version = useDebouncedValue(options.version, ESTIMATE_DELAY_MS);
  const ready = (source !== null || Boolean(topologyId)) && environment !== null;
  const load = useCallback(
    () =>
      environment && (source || topologyId)
        ? api.estimateTopologyCost({
            ...(topologyId ? { id: topologyId } : {}),
            ...(source ? { document: source.toDocument() } : {}),
            environment,
          })
        : Promise.resolve(null),
    [api, source, environment, topologyId],
  );
  const resource = useApiResource(ready ? load : null, null, version);
  return { estimate: resource.value, loading: resource.loading, error: resource.error };
}
