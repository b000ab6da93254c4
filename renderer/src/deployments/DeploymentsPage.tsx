import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../api/ApiProvider';
import { useApiResource } from '../api/use-api-resource';
import { Tabs } from '../ui/Tabs';
import { useReactivation } from '../ui/use-reactivation';
import { CmdbView } from './cmdb/CmdbView';
import { DeploymentDetailView } from './DeploymentDetailView';
import { DeploymentsOverview } from './DeploymentsOverview';
import { OperationsPanel } from './operations/OperationsPanel';
import { useOperations } from './operations/use-operations';
import { useDeploymentActions } from './use-deployment-actions';

type Tab = 'deployments' | 'cmdb';
const TABS: readonly { id: Tab; label: string }[] = [
  { id: 'deployments', label: 'Deployments' },
  { id: 'cmdb', label: 'CMDB & drift' },
];

export interface DeploymentsPageProps {
  active: boolean;
  /** The deployment named in the address, whose details are open. */
  routeId: string | undefined;
  /** Opens a deployment's details, or the overview again with null. */
  onOpen(id: string | null): void;
}

/**
 * What runs where: deployed topologies by environment, every deployed component with its details,
 * and the CMDB. Destroy, refresh, upgrade and drift checks start here and run as jobs shown at the top
 * with live progress until dismissed; each ends with a toast, and the lists reload.
 */
export function DeploymentsPage({ active, routeId, onOpen }: DeploymentsPageProps) {
  const api = useApi();
  const [tab, setTab] = useState<Tab>('deployments');
  const [changes, setChanges] = useState(0);
  const refreshKey = `${useReactivation(active)}:${changes}`;
  const changed = useCallback(() => setChanges((count) => count + 1), []);
  const operations = useOperations(changed);
  // Jobs started elsewhere (the planner's deploy wizard, the CLI) change what this page lists: while it
  // is shown, reload whenever a component or a job finishes.
  useEffect(() => {
    if (!active) return;
    return api.onJobEvent((event) => {
      if (event.type === 'job.finished' || (event.type === 'node.status' && ['succeeded', 'unchanged', 'failed'].includes(event.status)))
        changed();
    });
  }, [active, api, changed]);
  const actions = useDeploymentActions(operations);
  const loadEnvironments = useCallback(() => api.listEnvironments({}), [api]);
  const environments = useApiResource(loadEnvironments, 'Could not list environments', refreshKey);

  return (
    <div className="page page--scroll" hidden={!active} data-testid="deployments-page">
      <div className="page__content page__content--wide">
        <OperationsPanel operations={operations} />
        {routeId ? (
          <DeploymentDetailView id={routeId} refreshKey={refreshKey} actions={actions} onBack={() => onOpen(null)} />
        ) : (
          <>
            <header className="page__header">
              <div>
                <h1 className="page__title">Deployments</h1>
                <p className="page__subtitle">
                  What runs where, with the values it was deployed with, its outputs, its history and whether it drifted.
                </p>
              </div>
            </header>
            <Tabs label="Deployments sections" tabs={TABS} current={tab} onChange={setTab} idPrefix="deployments-tab">
              {tab === 'deployments' ? (
                <DeploymentsOverview environments={environments.value ?? []} refreshKey={refreshKey} actions={actions} onOpen={onOpen} />
              ) : (
                <CmdbView environments={environments.value ?? []} refreshKey={refreshKey} onOpenDeployment={onOpen} actions={actions} />
              )}
            </Tabs>
          </>
        )}
      </div>
      {actions.dialog}
    </div>
  );
}
