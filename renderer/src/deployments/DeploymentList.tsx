import type { Deployment } from '../api/entities';
import { EmptyState } from '../ui/EmptyState';
import { NoMatchState } from '../ui/FilterBar';
import { Tag } from '../ui/Tag';
import { DEPLOYMENT_STATUS_TONE, displayStatus } from './status-tones';
import { DATE_TIME } from '../ui/time-format';

export interface DeploymentListProps {
  deployments: readonly Deployment[] | null;
  filtered: boolean;
  busy: boolean;
  onOpen(id: string): void;
  onClear(): void;
}

/** Deployed components, one row each, with their status; a row's name opens its details. */
export function DeploymentList({ deployments, filtered, busy, onOpen, onClear }: DeploymentListProps) {
  if (deployments === null) return <div className="page__loading">Loading…</div>;
  if (deployments.length === 0) {
    return filtered ? (
      <NoMatchState title="No deployments match" testId="deployments-no-match" onClear={onClear}>
        Try another environment or status, or a shorter search.
      </NoMatchState>
    ) : (
      <EmptyState icon="deployments" title="No deployments" testId="deployments-empty">
        Every component deployed from a topology is listed here with its status, values and outputs.
      </EmptyState>
    );
  }
  return (
    <div className="table-scroll" aria-busy={busy}>
      <table className="data-table data-table--middle" data-testid="deployment-list" data-count={deployments.length}>
        <caption className="visually-hidden">Deployments</caption>
        <thead>
          <tr>
            <th scope="col">Component</th>
            <th scope="col">Topology</th>
            <th scope="col">Environment</th>
            <th scope="col">Status</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {deployments.map((deployment) => (
            <tr
              key={deployment.id}
              data-testid="deployment-row"
              data-id={deployment.id}
              data-label={deployment.label}
              data-status={deployment.status}
              data-drifted={deployment.drifted ? 'true' : 'false'}
            >
              <th scope="row" className="data-table__name">
                <button type="button" className="link-button" onClick={() => onOpen(deployment.id)} data-testid="open-deployment">
                  {deployment.label}
                </button>
                <span className="data-table__description mono">
                  {deployment.component}@{deployment.version}
                </span>
              </th>
              <td>{deployment.topology}</td>
              <td>{deployment.environment}</td>
              <td>
                <Tag
                  tone={DEPLOYMENT_STATUS_TONE[displayStatus(deployment)]}
                  testId="deployment-status"
                  title={
                    deployment.drifted ? 'The latest drift check found the real object changed; open it to repair or accept' : undefined
                  }
                >
                  {displayStatus(deployment)}
                </Tag>
              </td>
              <td className="nowrap muted">
                <time dateTime={deployment.updatedAt}>{DATE_TIME.format(new Date(deployment.updatedAt))}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
