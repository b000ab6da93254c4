import { EmptyState } from '../ui/EmptyState';

export function DeploymentsPage({ active }: { active: boolean }) {
  return (
    <div className="page" hidden={!active} data-testid="deployments-page">
      <EmptyState icon="deployments" title="No deployments yet">
        Each time you deploy a topology to an environment, the run appears here with its plan, its progress and what changed.
      </EmptyState>
    </div>
  );
}
