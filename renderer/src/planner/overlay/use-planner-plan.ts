import { useCallback, useEffect, useMemo, useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import type { Environment, TopologyResolution } from '../../api/entities';
import { useApiResource } from '../../api/use-api-resource';
import { useDebouncedValue } from '../../ui/use-debounced-value';
import { useReactivation } from '../../ui/use-reactivation';
import type { PlannerEditor } from '../create-planner-editor';
import type { RuntimeState } from './node-overlay';

/** Re-plan this long after the last edit: a drag produces dozens of edits, and one plan is enough. */
const REPLAN_DELAY_MS = 400;
const ENVIRONMENT_KEY = 'nimbus.planner.environment';

const rememberedEnvironment = (): string | null => {
  try {
    return window.localStorage.getItem(ENVIRONMENT_KEY);
  } catch {
    return null;
  }
};

export interface PlannerPlan {
  /** Null while the list loads. */
  environments: Environment[] | null;
  /** The environment plans are made for: the one chosen, else the first. */
  environment: string | null;
  chooseEnvironment(name: string): void;
  plan: TopologyResolution | null;
  planLoading: boolean;
  planError: unknown;
  runtime: RuntimeState | null;
  /** Plans again and reloads environments and deployments. */
  refresh(): void;
}

/**
 * The plan of the canvas as it is now — saved or not — against the chosen environment, re-made after
 * every edit, and what has been deployed from the topology there (deployments, latest drift). The
 * canvas badges, the inspector and the plan panel all read this one plan.
 */
export function usePlannerPlan(options: {
  active: boolean;
  editor: PlannerEditor | null;
  /** The saved topology the canvas shows, if any: a plan made offline keeps its nodes' values under it. */
  topologyId?: string | null;
  topologyName: string | null;
  documentVersion: number;
  runtimeKey: unknown;
}): PlannerPlan {
  const { active, editor, topologyId, topologyName, documentVersion, runtimeKey } = options;
  const api = useApi();
  const [refreshes, setRefreshes] = useState(0);
  const shown = useReactivation(active);
  const loadEnvironments = useCallback(() => api.listEnvironments({}), [api]);
  const environments = useApiResource(loadEnvironments, 'Could not list environments', `${shown}:${refreshes}`);
  const [chosen, setChosen] = useState<string | null>(rememberedEnvironment);
  const names = environments.value?.map((entry) => entry.name) ?? [];
  const environment = chosen !== null && names.includes(chosen) ? chosen : (names[0] ?? null);

  const version = useDebouncedValue(documentVersion, REPLAN_DELAY_MS);
  const loadPlan = useCallback(
    // The document is read when the request goes out, so the plan shows the canvas as it is now.
    () =>
      editor && environment
        ? api.planTopology({ ...(topologyId ? { id: topologyId } : {}), document: editor.toDocument(), environment })
        : Promise.resolve(null),
    [api, editor, environment, topologyId],
  );
  const plan = useApiResource(editor && environment ? loadPlan : null, null, `${version}:${refreshes}`);

  const loadRuntime = useCallback(async (): Promise<RuntimeState | null> => {
    if (!environment || !topologyName) return null;
    const [deployments, drift] = await Promise.all([
      api.listDeployments({ environment, topology: topologyName }),
      api.listDriftRecords({ environment }),
    ]);
    const ours = new Set(deployments.map((deployment) => deployment.id));
    return { environment, deployments, drift: drift.filter((record) => ours.has(record.deploymentId)) };
  }, [api, environment, topologyName]);
  const runtime = useApiResource(environment && topologyName ? loadRuntime : null, null, `${shown}:${refreshes}:${String(runtimeKey)}`);

  useEffect(() => {
    if (chosen === null) return;
    try {
      window.localStorage.setItem(ENVIRONMENT_KEY, chosen);
    } catch {
      // Remembering the environment is a convenience only.
    }
  }, [chosen]);

  const planValue = environment && plan.value?.environment === environment ? plan.value : null;
  return useMemo(
    () => ({
      environments: environments.value,
      environment,
      chooseEnvironment: setChosen,
      plan: planValue,
      planLoading: plan.loading,
      planError: plan.error,
      runtime: runtime.value,
      refresh: () => setRefreshes((count) => count + 1),
    }),
    [environments.value, environment, planValue, plan.loading, plan.error, runtime.value],
  );
}
