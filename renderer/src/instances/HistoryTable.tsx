import { Tag } from '../ui/Tag';
import type { StateHistoryEntry } from './instance-entities';
import { stateTone } from './instance-tones';
import { LOG_TIME } from '../ui/time-format';

/** Every state change of an instance, newest first: from, to, the trigger and what caused it. */
export function HistoryTable({ history }: { history: readonly StateHistoryEntry[] }) {
  if (history.length === 0) return <p className="muted">No state changes yet.</p>;
  const newestFirst = [...history].sort((a, b) => b.seq - a.seq);
  return (
    <div className="table-scroll instance-scroll">
      <table className="data-table data-table--middle" data-testid="instance-history">
        <caption className="visually-hidden">State history</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Transition</th>
            <th scope="col">Trigger</th>
            <th scope="col">Cause</th>
          </tr>
        </thead>
        <tbody>
          {newestFirst.map((entry) => (
            <tr key={entry.seq} data-testid="history-entry" data-from={entry.from ?? ''} data-to={entry.to} data-trigger={entry.trigger}>
              <td className="nowrap muted">
                <time dateTime={entry.at}>{LOG_TIME.format(new Date(entry.at))}</time>
              </td>
              <td className="nowrap">
                {entry.from ? (
                  <>
                    <Tag tone={stateTone(entry.from)}>{entry.from}</Tag> →{' '}
                  </>
                ) : null}
                <Tag tone={stateTone(entry.to)}>{entry.to}</Tag>
              </td>
              <td className="mono">{entry.trigger}</td>
              <td>{entry.cause}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
