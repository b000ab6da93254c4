import { formatValue } from '../ui/format-value';

export interface OutputsTableProps {
  outputs: Record<string, unknown>;
  /** Accessible name of the table, e.g. "Outputs of web". */
  caption: string;
  empty?: string;
}

/** A node's or deployment's outputs: name and value, one per row, sorted by name. */
export function OutputsTable({ outputs, caption, empty = 'No outputs.' }: OutputsTableProps) {
  const entries = Object.entries(outputs).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <p className="muted outputs-empty">{empty}</p>;
  return (
    <table className="kv-table" data-testid="outputs">
      <caption className="visually-hidden">{caption}</caption>
      <tbody>
        {entries.map(([key, value]) => (
          <tr key={key} data-testid="output" data-key={key}>
            <th scope="row" className="kv-table__key mono">
              {key}
            </th>
            <td className="kv-table__value mono" data-testid="output-value" title={formatValue(value)}>
              {formatValue(value)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
