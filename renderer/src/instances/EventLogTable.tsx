import { formatValue } from '../ui/format-value';
import { Tag } from '../ui/Tag';
import { outcomeOf } from './event-entry';
import type { EventLogEntry } from './instance-entities';
import { LOG_TIME } from '../ui/time-format';

/** The events that reached an instance, newest first, each with what it did: the transition taken, or why none was. */
export function EventLogTable({ events, instanceId }: { events: readonly EventLogEntry[]; instanceId: string }) {
  if (events.length === 0) {
    return (
      <p className="muted" data-testid="instance-events-empty">
        No event has reached this instance yet. Events come from the local object poller, webhooks, Nimbus itself, or “Send event…”.
      </p>
    );
  }
  const newestFirst = [...events].sort((a, b) => b.id - a.id);
  return (
    <div className="table-scroll instance-scroll">
      <table className="data-table" data-testid="instance-events">
        <caption className="visually-hidden">Event log</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Event</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {newestFirst.map((entry) => {
            const outcome = outcomeOf(entry, instanceId);
            const payload = Object.keys(entry.payload).length > 0 ? formatValue(entry.payload) : null;
            return (
              <tr
                key={entry.id}
                data-testid="instance-event"
                data-type={entry.type}
                data-source={entry.source}
                data-taken={outcome.transition ? 'true' : 'false'}
              >
                <td className="nowrap muted">
                  <time dateTime={entry.at}>{LOG_TIME.format(new Date(entry.at))}</time>
                </td>
                <td>
                  <span className="mono">{entry.type}</span> <Tag>{entry.source}</Tag>
                  {payload && (
                    <span className="data-table__description mono" title={payload}>
                      {payload}
                    </span>
                  )}
                </td>
                <td data-testid="instance-event-outcome">
                  {outcome.transition && (
                    <Tag tone="accent" testId="instance-event-transition">
                      {outcome.transition}
                    </Tag>
                  )}{' '}
                  <span className={outcome.transition ? undefined : 'muted'} data-testid="instance-event-note">
                    {outcome.note}
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
