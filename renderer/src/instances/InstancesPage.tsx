import { useCallback, useMemo, useState } from 'react';
import { useApi } from '../api/ApiProvider';
import { useApiResource } from '../api/use-api-resource';
import { instancesCommands, type InstancesCommandContext } from '../commands/instances';
import { useCommandRunner } from '../commands/use-command-runner';
import { describeError } from '../toasts/describe-error';
import { EmptyState } from '../ui/EmptyState';
import { Icon } from '../ui/Icon';
import { useReactivation } from '../ui/use-reactivation';
import { filterInstances, isInstanceFilterSet, NO_INSTANCE_FILTER, statesOf, type InstanceFilter } from './instance-filter';
import { InstanceDetailView } from './InstanceDetailView';
import { InstanceFilters } from './InstanceFilters';
import { InstanceList } from './InstanceList';
import { operationViews } from './operation-view';
import { useInstanceActions } from './use-instance-actions';
import { useInstanceDetail } from './use-instance-detail';
import { useLiveRefresh } from './use-live-refresh';
import './instances.css';
import { blockedProps } from '../permissions/blocked-props';
import { useBlockedReason } from '../permissions/PermissionProvider';

export interface InstancesPageProps {
  active: boolean;
  /** The instance named in the address, whose page is open. */
  routeId: string | undefined;
  onOpen(id: string | null): void;
}

/**
 * Stack instances: every instance by environment, and one instance's page with its state on the
 * machine's diagram, live workflow progress, history, day-2 operations and events. While shown, the
 * data is read again every few seconds and whenever a job starts or ends, since transitions caused by
 * pollers and webhooks are pushed to no one.
 */
export function InstancesPage({ active, routeId, onOpen }: InstancesPageProps) {
  const api = useApi();
  const [changes, setChanges] = useState(0);
  const changed = useCallback(() => setChanges((count) => count + 1), []);
  const refreshKey = `${useReactivation(active)}:${useLiveRefresh(active)}:${changes}`;
  const loadInstances = useCallback(() => api.listStackInstances({}), [api]);
  const instances = useApiResource(loadInstances, null, refreshKey);
  const data = useInstanceDetail(active && routeId ? routeId : null, refreshKey);
  const actions = useInstanceActions({ instances: instances.value ?? [], onChanged: changed, onOpen });
  const deployBlocked = useBlockedReason('deployStack');
  const [filter, setFilter] = useState<InstanceFilter>(NO_INSTANCE_FILTER);
  const shown = useMemo(() => (instances.value ? filterInstances(instances.value, filter) : null), [instances.value, filter]);

  const open = routeId && data.detail.value?.instance.id === routeId ? data.detail.value : null;
  const operations = useMemo(() => (open ? operationViews(open.operations, open.document) : []), [open]);
  const context: InstancesCommandContext = {
    openDeploy: actions.deploy,
    canRunOperation: operations.some((operation) => operation.allowed),
    openRunOperation: () => {
      if (open) actions.runOperation(open.instance, operations, null);
    },
    canSendEvent: open !== null,
    openSendEvent: () => {
      if (open) actions.sendEvent(open.instance);
    },
  };
  useCommandRunner(instancesCommands, context, active, 'Stack instances');

  const deployButton = (testId: string, primary: boolean) => (
    <button
      type="button"
      className={primary ? 'button button--primary' : 'button'}
      onClick={actions.deploy}
      data-testid={testId}
      {...blockedProps(deployBlocked)}
    >
      <Icon name="rocket" size={16} />
      Deploy a stack
    </button>
  );

  return (
    <div className="page page--scroll" hidden={!active} data-testid="instances-page">
      <div className="page__content page__content--wide">
        {routeId ? (
          <InstanceDetailView id={routeId} data={data} actions={actions} onBack={() => onOpen(null)} />
        ) : (
          <>
            <header className="page__header">
              <div>
                <h1 className="page__title">Stack instances</h1>
                <p className="page__subtitle">
                  Deployed stacks by environment: where their state machines are, what runs, and the operations they allow.
                </p>
              </div>
              {deployButton('deploy-stack', true)}
            </header>
            {instances.error !== null && !instances.loading && (
              <div className="form-error" role="alert">
                Could not list stack instances: {describeError(instances.error).message}
              </div>
            )}
            {instances.value !== null && instances.value.length === 0 ? (
              <EmptyState
                icon="instances"
                title="No stack instances yet"
                testId="instances-empty"
                action={deployButton('empty-deploy-stack', false)}
              >
                Deploy a published stack into an environment; its instance then shows here with its state and day-2 operations.
              </EmptyState>
            ) : (
              <section className="page-section" aria-label="Stack instances">
                <InstanceFilters
                  filter={filter}
                  environments={[...new Set((instances.value ?? []).map((instance) => instance.environment))].sort()}
                  states={statesOf(instances.value ?? [], filter.state)}
                  onChange={setFilter}
                />
                <InstanceList
                  instances={shown}
                  filtered={isInstanceFilterSet(filter)}
                  onOpen={onOpen}
                  onClear={() => setFilter(NO_INSTANCE_FILTER)}
                />
              </section>
            )}
          </>
        )}
      </div>
      {actions.dialog}
    </div>
  );
}
