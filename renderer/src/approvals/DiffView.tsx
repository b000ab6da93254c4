import { asDeploymentPlan } from '../deployments/job-results';
import { ACTION_TONE } from '../deployments/status-tones';
import { Tag } from '../ui/Tag';

const show = (value: unknown): string =>
  value === undefined || value === null ? '—' : typeof value === 'string' ? value : JSON.stringify(value);

/**
 * Pulumi's preview attached to a request: per node what happens (create, update, delete) with the
 * parameters that change and Pulumi's steps; a diff of another shape is shown as JSON.
 */
export function DiffView({ diff }: { diff: unknown }) {
  const plan = asDeploymentPlan(diff);
  return (
    <>
      {plan && (
        <div className="table-scroll">
          <table className="data-table" data-testid="approval-diff">
            <caption className="visually-hidden">What the deploy changes, per node</caption>
            <thead>
              <tr>
                <th scope="col">Node</th>
                <th scope="col">Change</th>
                <th scope="col">Parameters</th>
                <th scope="col">Pulumi steps</th>
              </tr>
            </thead>
            <tbody>
              {plan.nodes.map((node) => (
                <tr key={node.nodeId}>
                  <td>
                    {node.label} <span className="muted mono">{node.component}</span>
                  </td>
                  <td>
                    <Tag tone={ACTION_TONE[node.action]}>{node.action}</Tag>
                  </td>
                  <td className="mono">
                    {node.changes.length === 0
                      ? '—'
                      : node.changes.map((change) => (
                          <div key={change.name}>
                            {change.name}: {show(change.from)} → {change.pending ? 'known after deploy' : show(change.to)}
                          </div>
                        ))}
                  </td>
                  <td className="mono">
                    {node.pulumi === null ? '—' : node.pulumi.steps.map((step) => `${step.op} ${step.type}`).join(', ') || 'no steps'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <details className="approval-detail__raw">
        <summary>The preview as JSON</summary>
        <pre className="mono" tabIndex={0} aria-label="The preview as JSON" data-testid={plan ? undefined : 'approval-diff'}>
          {JSON.stringify(diff, null, 2)}
        </pre>
      </details>
    </>
  );
}
