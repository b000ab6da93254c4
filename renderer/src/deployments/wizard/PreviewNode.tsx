import type { NodePlan } from '../../api/entities';
import { formatPlannedValue, formatValue } from '../../ui/format-value';
import { Tag } from '../../ui/Tag';
import { ACTION_TONE } from '../status-tones';

/** One node of the preview: what would happen to it, which parameters change from what to what, and Pulumi's own steps. */
export function PreviewNode({ node }: { node: NodePlan }) {
  const steps = node.pulumi?.steps ?? [];
  return (
    <article
      className={`preview-node preview-node--${node.action}`}
      data-testid="preview-node"
      data-node-id={node.nodeId}
      data-label={node.label}
      data-action={node.action}
    >
      <header className="plan-node__header">
        <span className="plan-node__label">{node.label}</span>
        <span className="plan-node__component mono" title={node.component}>
          {node.component}
        </span>
        <span className="plan-node__spacer" />
        <Tag tone={ACTION_TONE[node.action]} testId="preview-action">
          {node.action}
        </Tag>
      </header>
      {node.note && <p className="preview-node__note">{node.note}</p>}
      {node.changes.length > 0 && (
        <table className="plan-values preview-changes">
          <caption className="visually-hidden">Parameter changes of {node.label}</caption>
          <thead>
            <tr>
              <th scope="col">Parameter</th>
              <th scope="col">From</th>
              <th scope="col">To</th>
            </tr>
          </thead>
          <tbody>
            {node.changes.map((change) => (
              <tr key={change.name} data-testid="preview-change" data-name={change.name}>
                <th scope="row" className="plan-values__key mono">
                  {change.name}
                </th>
                <td className="mono preview-changes__from">{node.action === 'create' ? '—' : formatValue(change.from)}</td>
                <td
                  className={change.pending ? 'preview-changes__to preview-changes__to--pending' : 'mono preview-changes__to'}
                  data-pending={change.pending ? 'true' : undefined}
                >
                  {formatPlannedValue(change.pending, change.to)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {node.changes.length === 0 && node.action !== 'create' && <p className="plan-node__empty">No parameter changes.</p>}
      {steps.length > 0 && (
        <details className="preview-node__steps">
          <summary>Pulumi steps ({steps.length})</summary>
          <ul className="preview-steps" aria-label={`Pulumi steps of ${node.label}`}>
            {steps.map((step) => (
              <li key={`${step.urn}:${step.op}`} className="preview-steps__step" data-testid="preview-step" data-op={step.op}>
                <Tag tone={step.op === 'same' ? 'neutral' : step.op === 'delete' || step.op === 'replace' ? 'danger' : 'accent'} mono>
                  {step.op}
                </Tag>
                <span className="mono">{step.type}</span>
                <span className="mono muted preview-steps__urn" title={step.urn}>
                  {step.urn.split('::').pop()}
                </span>
                {step.diffs.length > 0 && <span className="muted">changes {step.diffs.join(', ')}</span>}
              </li>
            ))}
          </ul>
        </details>
      )}
    </article>
  );
}
