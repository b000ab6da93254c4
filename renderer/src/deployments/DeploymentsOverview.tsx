import { useCallback, useMemo, useState } from 'react';
import { useApi } from '../api/ApiProvider';
import type { Environment } from '../api/entities';
import { useApiResource } from '../api/use-api-resource';
import { DeployedTopologies } from './DeployedTopologies';
import { filterDeployments, isDeploymentFilterSet, NO_DEPLOYMENT_FILTER, type DeploymentFilter } from './deployment-filter';
import { DeploymentFilters } from './DeploymentFilters';
import { DeploymentList } from './DeploymentList';
import type { DeploymentActions } from './use-deployment-actions';
// Cost estimates.
import { EnvironmentCostRollup } from '../cost/EnvironmentCostRollup';

export interface DeploymentsOverviewProps {
  environments: readonly Environment[];
  refreshKey: string;
  actions: DeploymentActions;
  onOpen(id: string): void;
}

/** Deployed topologies per environment, and every deployed component with filters. */
export function DeploymentsOverview({ environments, refreshKey, actions, onOpen }: DeploymentsOverviewProps) {
  const api = useApi();
  const [filter, setFilter] = useState<DeploymentFilter>(NO_DEPLOYMENT_FILTER);
  const loadTopologies = useCallback(() => api.listDeployedTopologies({}), [api]);
  const topologies = useApiResource(loadTopologies, 'Could not list deployed topologies', refreshKey);
  const { environment, status } = filter;
  const loadDeployments = useCallback(
    () => api.listDeployments({ ...(environment ? { environment } : {}), ...(status === 'destroyed' ? { includeDestroyed: true } : {}) }),
    [api, environment, status],
  );
  const deployments = useApiResource(loadDeployments, 'Could not list deployments', refreshKey);
  const shown = useMemo(() => (deployments.value ? filterDeployments(deployments.value, filter) : null), [deployments.value, filter]);

  return (
    <>
      <EnvironmentCostRollup environments={environments} refreshKey={refreshKey} />
      <section className="page-section" aria-labelledby="deployed-topologies-title">
        <header className="section-header">
          <h2 id="deployed-topologies-title" className="section-header__title">
            Deployed topologies
          </h2>
        </header>
        <DeployedTopologies
          topologies={topologies.value}
          onShow={(environmentName, topology) => setFilter({ environment: environmentName, status: '', search: topology })}
          onRefresh={actions.refreshTopology}
          onDestroy={actions.destroyTopology}
          onCheckDrift={(environmentName) => actions.checkDrift({ environment: environmentName })}
        />
      </section>
      <section className="page-section" aria-labelledby="deployment-list-title">
        <header className="section-header">
          <h2 id="deployment-list-title" className="section-header__title">
            Deployments
          </h2>
        </header>
        <DeploymentFilters environments={environments} filter={filter} onChange={setFilter} />
        <DeploymentList
          deployments={shown}
          filtered={isDeploymentFilterSet(filter)}
          busy={deployments.loading}
          onOpen={onOpen}
          onClear={() => setFilter(NO_DEPLOYMENT_FILTER)}
        />
      </section>
    </>
  );
}
