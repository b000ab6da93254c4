import { Fragment, type KeyboardEvent } from 'react';
import type { AuditEntry } from '../../../engine/api/contract';
import { Icon } from '../ui/Icon';
import { LOG_TIME } from '../ui/time-format';
import { formatJson } from './format-json';

export interface AuditTableProps {
  entries: readonly AuditEntry[];
  expanded: ReadonlySet<number>;
  onToggle(id: number): void;
}

const COLUMNS = 6;

/** Audit entries, newest first; a row opens (click, or Enter/Space on its toggle) to its old and new values. */
export function AuditTable({ entries, expanded, onToggle }: AuditTableProps) {
  return (
    <div className="table-scroll">
      <table className="data-table audit-table" data-testid="audit-table">
        <caption className="visually-hidden">Audit log, newest first</caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Details</span>
            </th>
            <th scope="col">Time</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Entity</th>
            <th scope="col">Request</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => {
            const open = expanded.has(entry.id);
            const detailId = `audit-entry-${entry.id}-detail`;
            return (
              <Fragment key={entry.id}>
                <tr
                  className={`audit-table__row${open ? ' audit-table__row--open' : ''}`}
                  data-testid="audit-row"
                  data-id={entry.id}
                  data-action={entry.action}
                  data-entity={entry.entity}
                  data-entity-id={entry.entityId}
                  onClick={(event) => {
                    // The toggle handles its own clicks; selecting text in a row should not open it.
                    if ((event.target as HTMLElement).closest('button') || window.getSelection()?.toString()) return;
                    onToggle(entry.id);
                  }}
                >
                  <td className="audit-table__toggle-cell">
                    <button
                      type="button"
                      className="button button--ghost button--icon audit-table__toggle"
                      aria-expanded={open}
                      aria-controls={open ? detailId : undefined}
                      aria-label={`${open ? 'Hide' : 'Show'} values of ${entry.action} on ${entry.entity} ${entry.entityId}`}
                      onClick={() => onToggle(entry.id)}
                      onKeyDown={(event: KeyboardEvent) => {
                        if (event.key === 'ArrowRight' && !open) onToggle(entry.id);
                        if (event.key === 'ArrowLeft' && open) onToggle(entry.id);
                      }}
                      data-testid="audit-row-toggle"
                    >
                      <Icon name="chevron" size={14} />
                    </button>
                  </td>
                  <td className="nowrap muted">
                    <time dateTime={entry.at} title={entry.at}>
                      {LOG_TIME.format(new Date(entry.at))}
                    </time>
                  </td>
                  <td data-testid="audit-row-actor">{entry.actor}</td>
                  <td className="mono" data-testid="audit-row-action">
                    {entry.action}
                  </td>
                  <td data-testid="audit-row-entity">
                    {entry.entity} <span className="mono muted audit-table__id">{entry.entityId}</span>
                  </td>
                  <td className="mono muted audit-table__id" data-testid="audit-row-request">
                    {entry.requestId ?? '—'}
                  </td>
                </tr>
                {open && (
                  <tr className="audit-table__detail-row" id={detailId} data-testid="audit-row-detail">
                    <td colSpan={COLUMNS}>
                      <AuditEntryDetail entry={entry} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** An entry's values before and after, side by side, and where the change came from. */
function AuditEntryDetail({ entry }: { entry: AuditEntry }) {
  return (
    <div className="audit-detail">
      <dl className="audit-detail__meta">
        <div>
          <dt>Tenant</dt>
          <dd data-testid="audit-detail-tenant">{entry.tenant}</dd>
        </div>
        <div>
          <dt>Client address</dt>
          <dd className="mono" data-testid="audit-detail-client">
            {entry.clientAddress ?? 'not recorded'}
          </dd>
        </div>
        <div>
          <dt>Request</dt>
          <dd className="mono">{entry.requestId ?? 'not recorded'}</dd>
        </div>
        <div>
          <dt>Entry</dt>
          <dd className="mono">#{entry.id}</dd>
        </div>
      </dl>
      <div className="audit-detail__values">
        <AuditValue title="Old value" value={entry.oldValue} none="Nothing before (created)" testId="audit-detail-old" />
        <AuditValue title="New value" value={entry.newValue} none="Nothing after (deleted)" testId="audit-detail-new" />
      </div>
    </div>
  );
}

function AuditValue({ title, value, none, testId }: { title: string; value: unknown; none: string; testId: string }) {
  return (
    <section className="audit-detail__value" aria-label={title}>
      <h3 className="audit-detail__heading">{title}</h3>
      {value === null || value === undefined ? (
        <p className="muted" data-testid={testId}>
          {none}
        </p>
      ) : (
        <pre className="audit-detail__json mono" tabIndex={0} data-testid={testId}>
          {formatJson(value)}
        </pre>
      )}
    </section>
  );
}
