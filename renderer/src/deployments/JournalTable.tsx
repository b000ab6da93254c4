import type { JournalEntry } from '../api/entities';
import { LOG_TIME } from '../ui/time-format';

const when = (value: string | null) => (value ? <time dateTime={value}>{LOG_TIME.format(new Date(value))}</time> : '—');

/** Every Pulumi operation run on a deployment, written before it started: what, by which job, how it ended. */
export function JournalTable({ journal }: { journal: readonly JournalEntry[] }) {
  if (journal.length === 0) return <p className="muted">No operations recorded yet.</p>;
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="journal">
        <caption className="visually-hidden">Journal</caption>
        <thead>
          <tr>
            <th scope="col">Operation</th>
            <th scope="col">Started</th>
            <th scope="col">Finished</th>
            <th scope="col">Outcome</th>
            <th scope="col">Job</th>
          </tr>
        </thead>
        <tbody>
          {journal.map((entry) => (
            <tr key={entry.id} data-testid="journal-entry" data-operation={entry.operation} data-outcome={entry.outcome ?? ''}>
              <td className="mono">{entry.operation}</td>
              <td className="nowrap">{when(entry.startedAt)}</td>
              <td className="nowrap">{when(entry.finishedAt)}</td>
              <td>{entry.outcome ?? (entry.finishedAt ? '—' : <em>unfinished</em>)}</td>
              <td className="mono muted">{entry.jobId ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
