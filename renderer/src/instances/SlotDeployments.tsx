import type { Deployment } from '../api/entities';
import { DEPLOYMENT_STATUS_TONE, displayStatus } from '../deployments/status-tones';
import { formatRoute } from '../routing/route';
import { Tag } from '../ui/Tag';
import type { StackDocument } from './instance-entities';

export interface SlotDeploymentsProps {
  slots: StackDocument['slots'];
  /** The deployed components of the instance's topology; null while loading. */
  deployments: readonly Deployment[] | null;
}

/** Each slot of the stack with the component deployed for it, linking to its page on the Deployments page. */
export function SlotDeployments({ slots, deployments }: SlotDeploymentsProps) {
  if (deployments === null) return <div className="page__loading">Loading…</div>;
  const bySlot = new Map(deployments.map((deployment) => [deployment.nodeId, deployment]));
  return (
    <div className="table-scroll">
      <table className="data-table data-table--middle" data-testid="instance-slots">
        <caption className="visually-hidden">Slots and their deployments</caption>
        <thead>
          <tr>
            <th scope="col">Slot</th>
            <th scope="col">Component</th>
            <th scope="col">Deployment</th>
          </tr>
        </thead>
        <tbody>
          {slots.map((slot) => {
            const deployment = bySlot.get(slot.name);
            return (
              <tr key={slot.name} data-testid="instance-slot" data-slot={slot.name} data-deployment-id={deployment?.id ?? ''}>
                <th scope="row" className="mono">
                  {slot.name}
                </th>
                <td className="mono">{deployment ? `${deployment.component}@${deployment.version}` : slot.component}</td>
                <td>
                  {deployment ? (
                    <span className="instance-tags">
                      <a
                        className="link-button"
                        href={formatRoute({ page: 'deployments', id: deployment.id })}
                        data-testid="instance-slot-link"
                      >
                        {deployment.label}
                      </a>
                      <Tag tone={DEPLOYMENT_STATUS_TONE[displayStatus(deployment)]}>{displayStatus(deployment)}</Tag>
                    </span>
                  ) : (
                    <span className="muted">not deployed</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
