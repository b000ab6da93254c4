import { planValueRows } from './approval-model';

/** The plan's resolved values per node, as a table; a plan with no values says so. */
export function PlanTable({ plan }: { plan: unknown }) {
  const rows = planValueRows(plan);
  if (rows.length === 0) return <p className="muted">The plan lists no values.</p>;
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="approval-plan-table">
        <caption className="visually-hidden">Resolved values per node</caption>
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">Component</th>
            <th scope="col">Key</th>
            <th scope="col">Value</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={`${row.node}/${row.key}/${index}`}>
              <td>{row.node}</td>
              <td className="mono">{row.component}</td>
              <td className="mono">{row.key}</td>
              <td className="mono">{row.value}</td>
              <td className="muted">{row.source}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
