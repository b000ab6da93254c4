import type { ReactNode } from 'react';
import { Tag, type TagTone } from '../ui/Tag';
import { LOG_TIME } from '../ui/time-format';
import type { NotificationItem } from './notification-link';

const STATUS_TONE: Record<NotificationItem['status'], TagTone> = {
  pending: 'accent',
  processing: 'violet',
  sent: 'success',
  dead: 'danger',
  discarded: 'neutral',
};

const STATUS_LABEL: Record<NotificationItem['status'], string> = {
  pending: 'Pending',
  processing: 'Sending',
  sent: 'Sent',
  dead: 'Dead letter',
  discarded: 'Discarded',
};

export interface DeliveryTableProps {
  caption: string;
  rows: readonly NotificationItem[];
  /** Channel names by id, to show names instead of ids. */
  channelNames: ReadonlyMap<string, string>;
  /** Actions of a row (Retry, Discard), in a last column when given. */
  actions?: (row: NotificationItem) => ReactNode;
  testId: string;
}

/** Notifications and their delivery: status, attempts, last error and the next attempt. */
export function DeliveryTable({ caption, rows, channelNames, actions, testId }: DeliveryTableProps) {
  return (
    <div className="table-scroll">
      <table className="data-table notify-table" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Created</th>
            <th scope="col">Event</th>
            <th scope="col">Channel</th>
            <th scope="col">Recipient</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last error</th>
            <th scope="col">Next attempt</th>
            {actions && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-testid={`${testId}-row`} data-id={row.id} data-status={row.status}>
              <td>
                <time dateTime={row.createdAt}>{LOG_TIME.format(new Date(row.createdAt))}</time>
              </td>
              <td>
                <span className="mono">{row.eventType}</span>
                <div className="muted notify-table__subject">{row.subject}</div>
              </td>
              <td>{row.channelId === null ? 'In-app' : (channelNames.get(row.channelId) ?? row.channelId)}</td>
              <td>{row.recipient ?? <span className="muted">—</span>}</td>
              <td>
                <Tag tone={STATUS_TONE[row.status]} testId={`${testId}-status`}>
                  {STATUS_LABEL[row.status]}
                </Tag>
              </td>
              <td data-testid={`${testId}-attempts`}>{row.attempts}</td>
              <td className="notify-table__error" data-testid={`${testId}-error`}>
                {row.lastError ?? <span className="muted">—</span>}
              </td>
              <td>
                {row.status === 'pending' ? (
                  <time dateTime={row.nextAttemptAt}>{LOG_TIME.format(new Date(row.nextAttemptAt))}</time>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              {actions && <td className="notify-table__actions">{actions(row)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
