import type { ResolvedValue } from '../api/entities';
import { VALUE_SOURCES } from '../planner/plan/value-sources';
import { formatValue } from '../ui/format-value';
import { Icon } from '../ui/Icon';
import { Tag } from '../ui/Tag';
import { isSecretReference } from './secret-reference';

/** The parameters a component was deployed with, each with its source; secrets show as their reference, never their value. */
export function ValuesTable({ values, caption }: { values: Record<string, ResolvedValue>; caption: string }) {
  const entries = Object.entries(values).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <p className="muted">No parameters.</p>;
  return (
    <table className="plan-values deployment-values" data-testid="deployment-values">
      <caption className="visually-hidden">{caption}</caption>
      <colgroup>
        <col className="plan-values__key-column" />
        <col />
        <col className="plan-values__source-column" />
      </colgroup>
      <tbody>
        {entries.map(([key, resolved]) => {
          const source = VALUE_SOURCES[resolved.source];
          const secret = isSecretReference(resolved.value);
          return (
            <tr
              key={key}
              data-testid="deployment-value"
              data-key={key}
              data-source={resolved.source}
              data-secret={secret ? 'true' : 'false'}
            >
              <th scope="row" className="plan-values__key mono">
                {key}
              </th>
              <td className="plan-values__value">
                {secret ? (
                  <span className="secret-ref" title="A reference to a secret; its value is never shown">
                    <Icon name="lock" size={12} />
                    <span className="mono">{String(resolved.value)}</span>
                  </span>
                ) : (
                  <span className="mono" title={formatValue(resolved.value)}>
                    {formatValue(resolved.value)}
                  </span>
                )}
                {resolved.detail && <span className="plan-values__detail">{resolved.detail}</span>}
              </td>
              <td className="plan-values__source">
                <Tag tone={source.tone} title={source.description} data={{ 'data-source': resolved.source }}>
                  {resolved.source}
                </Tag>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
