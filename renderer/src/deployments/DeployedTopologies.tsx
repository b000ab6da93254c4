import type { DeployedTopology } from '../api/entities';
import { EmptyState } from '../ui/EmptyState';
import { Icon } from '../ui/Icon';
import { Tag } from '../ui/Tag';
import { groupByEnvironment, liveCounts } from './deployment-filter';
import { DEPLOYMENT_STATUS_TONE } from './status-tones';
import { DATE_TIME } from '../ui/time-format';
import { blockedProps } from '../permissions/blocked-props';
import { useBlockedReason } from '../permissions/PermissionProvider';

export interface DeployedTopologiesProps {
  topologies: readonly DeployedTopology[] | null;
  onShow(environment: string, topology: string): void;
  onRefresh(environment: string, topology: string): void;
  onDestroy(environment: string, topology: string): void;
  onCheckDrift(environment: string): void;
}

/** What runs where: each environment with its deployed topologies and their counts by status, and the actions on them. */
export function DeployedTopologies({ topologies, onShow, onRefresh, onDestroy, onCheckDrift }: DeployedTopologiesProps) {
  const driftCheckBlocked = useBlockedReason('startDriftCheck');
  const refreshBlocked = useBlockedReason('startTopologyRefresh');
  const destroyBlocked = useBlockedReason('startTopologyDestroy');
  if (topologies === null) return <div className="page__loading">Loading…</div>;
  const groups = groupByEnvironment(topologies);
  if (groups.length === 0) {
    return (
      <EmptyState icon="deployments" title="Nothing deployed yet" testId="deployed-topologies-empty">
        Deploy a topology from the planner (<strong>Deploy topology…</strong>) and it appears here, grouped by environment.
      </EmptyState>
    );
  }
  return (
    <div className="deployed-groups" data-testid="deployed-topologies">
      {groups.map((group) => (
        <section
          key={group.environment}
          className="deployed-group"
          aria-label={`Environment ${group.environment}`}
          data-testid="deployed-environment"
          data-environment={group.environment}
        >
          <header className="section-header">
            <h3 className="section-header__title">
              {group.environment}
              <span className="deployed-group__count">
                {group.topologies.length} {group.topologies.length === 1 ? 'topology' : 'topologies'}
              </span>
            </h3>
            <button
              type="button"
              className="button button--small"
              onClick={() => onCheckDrift(group.environment)}
              data-testid="check-environment-drift"
              {...blockedProps(driftCheckBlocked)}
            >
              <Icon name="drift" size={14} />
              Check drift
            </button>
          </header>
          <ul className="deployed-list">
            {group.topologies.map((topology) => (
              <li
                key={topology.topology}
                className="deployed-topology"
                data-testid="deployed-topology"
                data-environment={topology.environment}
                data-topology={topology.topology}
              >
                <button
                  type="button"
                  className="link-button deployed-topology__name"
                  onClick={() => onShow(topology.environment, topology.topology)}
                  title="Show its deployments"
                >
                  {topology.topology}
                </button>
                <span className="deployed-topology__counts" data-testid="deployed-topology-counts">
                  {liveCounts(topology).map(([status, count]) => (
                    <Tag key={status} tone={DEPLOYMENT_STATUS_TONE[status]} data={{ 'data-status': status, 'data-count': String(count) }}>
                      {count} {status}
                    </Tag>
                  ))}
                  {topology.drifted > 0 && (
                    <Tag
                      tone={DEPLOYMENT_STATUS_TONE.drifted}
                      title="Deployed components whose latest drift check found the real object changed"
                      data={{ 'data-status': 'drifted', 'data-count': String(topology.drifted) }}
                    >
                      {topology.drifted} drifted
                    </Tag>
                  )}
                </span>
                <time className="muted deployed-topology__time" dateTime={topology.updatedAt}>
                  {DATE_TIME.format(new Date(topology.updatedAt))}
                </time>
                <span className="deployed-topology__actions">
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => onRefresh(topology.environment, topology.topology)}
                    data-testid="refresh-topology"
                    {...blockedProps(refreshBlocked)}
                  >
                    <Icon name="refresh" size={14} />
                    Refresh
                  </button>
                  <button
                    type="button"
                    className="button button--small button--danger"
                    onClick={() => onDestroy(topology.environment, topology.topology)}
                    data-testid="destroy-topology"
                    {...blockedProps(destroyBlocked)}
                  >
                    <Icon name="trash" size={14} />
                    Destroy…
                  </button>
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
