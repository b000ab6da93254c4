import type { CmdbItem, CmdbRelationship } from '../../api/entities';

/** How configuration items hang together (a machine on a network), by item name where the item is listed. */
export function RelationshipsTable({ relationships, items }: { relationships: readonly CmdbRelationship[]; items: readonly CmdbItem[] }) {
  if (relationships.length === 0)
    return (
      <p className="muted" data-testid="cmdb-relationships-empty">
        No relationships.
      </p>
    );
  const names = new Map(items.map((item) => [item.id, item.name]));
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="cmdb-relationships">
        <caption className="visually-hidden">Relationships</caption>
        <thead>
          <tr>
            <th scope="col">From</th>
            <th scope="col">Kind</th>
            <th scope="col">To</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {relationships.map((relationship) => (
            <tr
              key={`${relationship.source}:${relationship.kind}:${relationship.target}`}
              data-testid="cmdb-relationship"
              data-kind={relationship.kind}
            >
              <td>{names.get(relationship.source) ?? <span className="mono">{relationship.source}</span>}</td>
              <td className="mono">{relationship.kind}</td>
              <td>{names.get(relationship.target) ?? <span className="mono">{relationship.target}</span>}</td>
              <td className="muted">{relationship.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
