import type { CmdbItem } from '../../api/entities';
import { Tag } from '../../ui/Tag';

/** Configuration items: what exists out there, by name, semantic type and provider, with the ids that find it again. */
export function CmdbItemsTable({
  items,
  drifted,
  onOpenDeployment,
}: {
  items: readonly CmdbItem[];
  drifted?: ReadonlySet<string>;
  onOpenDeployment?(id: string): void;
}) {
  if (items.length === 0)
    return (
      <p className="muted" data-testid="cmdb-items-empty">
        No configuration items.
      </p>
    );
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="cmdb-items">
        <caption className="visually-hidden">Configuration items</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Semantic type</th>
            <th scope="col">Provider</th>
            <th scope="col">Provider id</th>
            <th scope="col">URN</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr
              key={item.id}
              data-testid="cmdb-item"
              data-name={item.name}
              data-status={item.status}
              data-drifted={item.status === 'active' && drifted?.has(item.deploymentId) ? 'true' : 'false'}
            >
              <th scope="row" className="data-table__name">
                {onOpenDeployment ? (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => onOpenDeployment(item.deploymentId)}
                    title="Open its deployment"
                  >
                    {item.name}
                  </button>
                ) : (
                  item.name
                )}
                <span className="data-table__description">{item.environment}</span>
              </th>
              <td>{item.semanticType}</td>
              <td>{item.provider}</td>
              <td className="mono cmdb-id">{item.providerId ?? '—'}</td>
              <td className="mono cmdb-id" title={item.urn ?? undefined}>
                {item.urn ?? '—'}
              </td>
              <td>
                <Tag tone={item.status === 'active' ? 'success' : 'neutral'}>{item.status}</Tag>
                {item.status === 'active' && drifted?.has(item.deploymentId) && (
                  <>
                    {' '}
                    <Tag tone="warning" title="The latest drift check found the real object changed" testId="cmdb-item-drifted">
                      drifted
                    </Tag>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
