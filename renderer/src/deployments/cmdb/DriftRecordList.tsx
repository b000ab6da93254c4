import type { DriftChange, DriftRecord } from '../../api/entities';
import { formatValue } from '../../ui/format-value';
import { Icon } from '../../ui/Icon';
import { Tag } from '../../ui/Tag';
import { PRECISE_TIME } from '../../ui/time-format';
import { blockedProps } from '../../permissions/blocked-props';
import { useBlockedReason } from '../../permissions/PermissionProvider';

export interface DriftRecordListProps {
  records: readonly DriftRecord[];
  /** Names deployments by id, for lists that span several. */
  deploymentLabels?: ReadonlyMap<string, string>;
  /** Deployments that are drifted now: the newest record of each offers Repair and Accept. */
  actionable?: ReadonlySet<string>;
  onRepair?(record: DriftRecord): void;
  onAccept?(record: DriftRecord): void;
}

/** How each kind of history row reads. */
const CHANGES: Record<DriftChange, { label: string; tone: 'warning' | 'success' }> = {
  'in-sync': { label: 'in sync', tone: 'success' },
  'drift-found': { label: 'drift found', tone: 'warning' },
  'drift-changed': { label: 'drift changed', tone: 'warning' },
  'back-in-sync': { label: 'back in sync', tone: 'success' },
  repaired: { label: 'repaired', tone: 'success' },
  accepted: { label: 'accepted', tone: 'success' },
};

/**
 * The drift history, newest first: a row per change (drift found or changed, back in sync, repaired,
 * accepted) with how many checks saw it, and per resource that moved each property with the value
 * Nimbus recorded and the one found. The newest row of a drifted deployment offers Repair and Accept.
 */
export function DriftRecordList({ records, deploymentLabels, actionable, onRepair, onAccept }: DriftRecordListProps) {
  const repairBlocked = useBlockedReason('repairDrift');
  const acceptBlocked = useBlockedReason('acceptDrift');
  if (records.length === 0)
    return (
      <p className="muted" data-testid="drift-empty">
        No drift checks yet.
      </p>
    );
  const newest = new Set<number>();
  const seen = new Set<string>();
  for (const record of records) {
    if (seen.has(record.deploymentId)) continue;
    seen.add(record.deploymentId);
    newest.add(record.id);
  }
  return (
    <ol className="drift-records" data-testid="drift-records">
      {records.map((record) => {
        const change = CHANGES[record.change];
        // A drifted row in the past (something changed since) shows as such, without actions.
        const current = newest.has(record.id) && record.drifted && (actionable?.has(record.deploymentId) ?? false);
        return (
          <li
            key={record.id}
            className="drift-record"
            data-testid="drift-record"
            data-drifted={record.drifted ? 'true' : 'false'}
            data-change={record.change}
            data-deployment={record.deploymentId}
          >
            <header className="drift-record__header">
              <Tag
                tone={record.drifted ? 'warning' : change.tone}
                testId="drift-change"
                title={record.drifted ? 'The real object differed from the record' : 'The real object matched the record'}
              >
                {change.label}
              </Tag>
              {deploymentLabels && (
                <span className="drift-record__deployment">{deploymentLabels.get(record.deploymentId) ?? record.deploymentId}</span>
              )}
              <time className="muted" dateTime={record.checkedAt}>
                {PRECISE_TIME.format(new Date(record.checkedAt))}
              </time>
              {record.checks > 1 && (
                <span className="muted" data-testid="drift-checks">
                  · seen by {record.checks} checks, last{' '}
                  <time dateTime={record.lastCheckedAt}>{PRECISE_TIME.format(new Date(record.lastCheckedAt))}</time>
                </span>
              )}
              {current && (onRepair || onAccept) && (
                <span className="drift-record__actions" role="group" aria-label="Act on this drift">
                  {onRepair && (
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => onRepair(record)}
                      data-testid="drift-repair"
                      {...blockedProps(repairBlocked)}
                    >
                      <Icon name="refresh" size={14} />
                      Repair…
                    </button>
                  )}
                  {onAccept && (
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => onAccept(record)}
                      data-testid="drift-accept"
                      {...blockedProps(acceptBlocked)}
                    >
                      <Icon name="check" size={14} />
                      Accept…
                    </button>
                  )}
                </span>
              )}
            </header>
            {record.note && (
              <p className="muted drift-record__note" data-testid="drift-note">
                {record.note}
              </p>
            )}
            {record.entries.map((entry) => (
              <div key={`${entry.urn}:${entry.change}`} className="drift-entry" data-testid="drift-entry" data-change={entry.change}>
                <p className="drift-entry__title">
                  <Tag tone={entry.change === 'deleted' ? 'danger' : 'warning'}>{entry.change}</Tag>{' '}
                  <span className="mono">{entry.type}</span>{' '}
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
                        <th scope="col">Recorded</th>
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
        );
      })}
    </ol>
  );
}
