import { useCallback } from 'react';
import { useApi } from '../api/ApiProvider';
import type { Deployment } from '../api/entities';
import { useApiResource, type ApiResource } from '../api/use-api-resource';
import type { EventLogEntry, StackInstanceDetail } from './instance-entities';

/** How many events of one instance the page lists. */
const EVENT_LIMIT = 100;

export interface InstanceDetailData {
  /** The instance, its history, document and operations; null until loaded (or when it failed). */
  detail: ApiResource<StackInstanceDetail>;
  events: ApiResource<EventLogEntry[]>;
  /** The deployed components of its slots (the topology `stack:<name>` in its environment). */
  deployments: ApiResource<Deployment[]>;
}

/**
 * Everything the instance page shows of one instance, read again whenever `refreshKey` changes. The
 * slots' deployments wait for the instance (they are found by its environment and name). Failures are
 * shown in place rather than as toasts, since a poll repeats every few seconds.
 */
export function useInstanceDetail(id: string | null, refreshKey: string): InstanceDetailData {
  const api = useApi();
  const loadDetail = useCallback(() => api.getStackInstance({ id: id ?? '' }), [api, id]);
  const detail = useApiResource(id ? loadDetail : null, null, refreshKey);
  const loadEvents = useCallback(() => api.listEvents({ instanceId: id ?? '', limit: EVENT_LIMIT }), [api, id]);
  const events = useApiResource(id ? loadEvents : null, null, refreshKey);
  const current = detail.value?.instance.id === id ? detail.value.instance : null;
  const environment = current?.environment ?? null;
  const name = current?.name ?? null;
  const loadDeployments = useCallback(
    () => api.listDeployments({ environment: environment ?? '', topology: `stack:${name ?? ''}` }),
    [api, environment, name],
  );
  const deployments = useApiResource(environment && name ? loadDeployments : null, null, refreshKey);
  return { detail, events, deployments };
}
