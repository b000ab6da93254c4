import type { OutboxEntryView } from '../../../engine/api/contract';
import { Tag } from '../ui/Tag';
import { LOG_TIME } from '../ui/time-format';
import { describeChange, type NameLookup } from './describe-change';

export interface OutboxTableProps {
  kind: 'waiting' | 'dead';
  entries: readonly OutboxEntryView[];
  /** Names for the ids the changes refer to, where known. */
  names: NameLookup;
  /** The entry an action runs on now: its buttons are disabled meanwhile. */
  busyId: string | null;
  onRetry(entry: OutboxEntryView): void;
  onDiscard(entry: OutboxEntryView): void;
}

const time = (iso: string | null) => (iso ? LOG_TIME.format(new Date(iso)) : '—');

/** Waiting changes or dead letters, oldest first, each with Retry and Discard. */
export function OutboxTable({ kind, entries, names, busyId, onRetry, onDiscard }: OutboxTableProps) {
  const dead = kind === 'dead';
  return (
    <div className="table-scroll">
      <table className="data-table outbox-table" data-testid={`outbox-${kind}-table`}>
        <caption className="visually-hidden">
          {dead ? 'Dead letters: changes the server refused' : 'Changes waiting to be sent'}, oldest first
        </caption>
        <thead>
          <tr>
            <th scope="col">Change</th>
            <th scope="col">Queued at</th>
            <th scope="col">Attempts</th>
            {!dead && <th scope="col">Next attempt</th>}
            <th scope="col">{dead ? 'Server’s error' : 'Last error'}</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => {
            const change = describeChange(entry, names);
            const busy = busyId === entry.id;
            const sending = entry.status === 'sending';
            return (
              <tr key={entry.id} data-testid="outbox-entry" data-id={entry.id} data-status={entry.status} data-method={entry.method}>
                <td>
                  <div className="outbox-table__change">
                    <Tag tone={dead ? 'danger' : 'accent'} title={`API method ${entry.method}`}>
                      {change.action}
                    </Tag>
                    <span data-testid="outbox-entry-summary">{change.summary}</span>
                  </div>
                  <div className="muted outbox-table__server">for {entry.serverUrl}</div>
                </td>
                <td className="nowrap">{time(entry.createdAt)}</td>
                <td data-testid="outbox-entry-attempts">{entry.attempts}</td>
                {!dead && <td className="nowrap">{sending ? 'Sending now' : time(entry.nextAttemptAt)}</td>}
                <td data-testid="outbox-entry-error">
                  {entry.lastError ? (
                    <>
                      <span className="mono outbox-table__code">{entry.lastError.code}</span> {entry.lastError.message}
                    </>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="outbox-table__actions">
                  <button
                    type="button"
                    className="button button--small"
                    disabled={busy || sending}
                    onClick={() => onRetry(entry)}
                    aria-label={`${dead ? 'Retry' : 'Try now'}: ${change.summary}`}
                    data-testid="outbox-retry"
                  >
                    {dead ? 'Retry' : 'Try now'}
                  </button>
                  <button
                    type="button"
                    className="button button--small button--danger"
                    disabled={busy || sending}
                    onClick={() => onDiscard(entry)}
                    aria-label={`Discard: ${change.summary}`}
                    data-testid="outbox-discard"
                  >
                    Discard
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
