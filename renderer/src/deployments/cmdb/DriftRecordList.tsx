import type { DriftRecord } from '../../api/entities';
import { formatValue } from '../../ui/format-value';
import { Tag } from '../../ui/Tag';
import { PRECISE_TIME } from '../../ui/time-format';

export interface DriftRecordListProps {
  records: readonly DriftRecord[];
  /** Names deployments by id, for lists that span several. */
  deploymentLabels?: ReadonlyMap<string, string>;
}

/** Drift checks, newest first: per resource that moved, each property with the value Nimbus expects and the one found. */
export function DriftRecordList({ records, deploymentLabels }: DriftRecordListProps) {
  if (records.length === 0) return <p className="muted" data-testid="drift-empty">No drift checks yet.</p>;
  return (
    <ol className="drift-records" data-testid="drift-records">
      {records.map((record) => (
        <li key={record.id} className="drift-record" data-testid="drift-record" data-drifted={record.drifted ? 'true' : 'false'} data-deployment={record.deploymentId}>
          <header className="drift-record__header">
            <Tag tone={record.drifted ? 'warning' : 'success'}>{record.drifted ? 'drifted' : 'in sync'}</Tag>
            {deploymentLabels && <span className="drift-record__deployment">{deploymentLabels.get(record.deploymentId) ?? record.deploymentId}</span>}
            <time className="muted" dateTime={record.checkedAt}>
              {PRECISE_TIME.format(new Date(record.checkedAt))}
            </time>
          </header>
          {record.entries.map((entry) => (
            <div key={`${entry.urn}:${entry.change}`} className="drift-entry" data-testid="drift-entry" data-change={entry.change}>
              <p className="drift-entry__title">
                <Tag tone={entry.change === 'deleted' ? 'danger' : 'warning'}>{entry.change}</Tag> <span className="mono">{entry.type}</span>{' '}
                <span className="mono muted" title={entry.urn}>
                  {entry.urn.split('::').pop()}
                </span>
              </p>
              {entry.properties.length > 0 && (
                <table className="plan-values drift-properties">
                  <caption className="visually-hidden">Drifted properties of {entry.urn}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Property</th>
                      <th scope="col">Expected</th>
                      <th scope="col">Actual</th>
                    </tr>
                  </thead>
                  <tbody>
                    {entry.properties.map((property) => (
                      <tr key={property.name} data-testid="drift-property" data-name={property.name}>
                        <th scope="row" className="plan-values__key mono">
                          {property.name}
                        </th>
                        <td className="mono">{formatValue(property.expected)}</td>
                        <td className="mono drift-properties__actual">{formatValue(property.actual)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          ))}
        </li>
      ))}
    </ol>
  );
}
