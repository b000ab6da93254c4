import type { NodeResolution } from '../../api/entities';
import { formatValue, KNOWN_AFTER_DEPLOY } from '../../ui/format-value';
import { Tag } from '../../ui/Tag';
import { ProvisionalMark } from './ProvisionalMark';
import { VALUE_SOURCES } from './value-sources';

/** One node of the plan: every parameter with its resolved value and source, and the node's problems. */
export function PlanNode({ node, wave }: { node: NodeResolution; wave: number | null }) {
  const values = Object.entries(node.values).sort(([a], [b]) => a.localeCompare(b));
  const invalid = node.status === 'invalid';
  // Issues name their parameter by path (`params.cores`); mark that row too.
  const flagged = new Set(node.issues.map((issue) => issue.path.split('.').pop()));
  return (
    <article
      className={`plan-node${invalid ? ' plan-node--invalid' : ''}`}
      data-testid="plan-node"
      data-node-id={node.nodeId}
      data-label={node.label}
      data-status={node.status}
    >
      <header className="plan-node__header">
        <span className="plan-node__label">{node.label}</span>
        <span className="plan-node__component mono" title={node.component}>
          {node.component}
        </span>
        <span className="plan-node__spacer" />
        {wave !== null && <span className="plan-node__wave">Wave {wave}</span>}
        {invalid ? (
          <Tag tone="danger">
            {node.issues.length} {node.issues.length === 1 ? 'issue' : 'issues'}
          </Tag>
        ) : (
          <Tag tone="success">ready</Tag>
        )}
      </header>
      {node.issues.length > 0 && (
        <ul className="plan-node__issues" aria-label={`Problems of ${node.label}`}>
          {node.issues.map((issue, index) => (
            <li key={index} className="plan-issue" data-testid="plan-issue">
              {issue.path && <span className="mono">{issue.path}: </span>}
              {issue.message}
            </li>
          ))}
        </ul>
      )}
      {values.length === 0 ? (
        <p className="plan-node__empty">No parameters resolved.</p>
      ) : (
        <table className="plan-values">
          <caption className="visually-hidden">Parameters of {node.label}</caption>
          <colgroup>
            <col className="plan-values__key-column" />
            <col />
            <col className="plan-values__source-column" />
          </colgroup>
          <tbody>
            {values.map(([key, resolved]) => {
              const source = VALUE_SOURCES[resolved.source];
              return (
                <tr
                  key={key}
                  className={flagged.has(key) ? 'plan-values__row--invalid' : undefined}
                  data-testid="plan-value"
                  data-key={key}
                  data-source={resolved.source}
                  data-pending={resolved.pending ? 'true' : 'false'}
                >
                  <th scope="row" className="plan-values__key mono">
                    {key}
                  </th>
                  <td className="plan-values__value">
                    {resolved.pending ? (
                      <span className="plan-values__pending" title={resolved.detail}>
                        {KNOWN_AFTER_DEPLOY}
                      </span>
                    ) : (
                      <span className="mono" data-testid="plan-value-text" title={formatValue(resolved.value)}>
                        {formatValue(resolved.value)}
                      </span>
                    )}
                    <ProvisionalMark resolved={resolved} testId="plan-provisional" />
                    {resolved.detail && (
                      <span className="plan-values__detail" title={resolved.detail}>
                        {resolved.detail}
                      </span>
                    )}
                  </td>
                  <td className="plan-values__source">
                    <Tag tone={source.tone} title={source.description} testId="plan-source" data={{ 'data-source': resolved.source }}>
                      {resolved.source}
                    </Tag>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </article>
  );
}
