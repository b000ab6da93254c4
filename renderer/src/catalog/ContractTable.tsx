import type { ContractProperty } from './contract-properties';
import { Tag } from '../ui/Tag';

export interface ContractTableProps {
  kind: 'inputs' | 'outputs';
  properties: ContractProperty[];
}

/** The inputs (with defaults, constraints and resolver bindings) or the outputs of a component. */
export function ContractTable({ kind, properties }: ContractTableProps) {
  if (properties.length === 0) {
    return <p className="card__text">{kind === 'inputs' ? 'This component takes no inputs.' : 'This component exports no outputs.'}</p>;
  }
  const inputs = kind === 'inputs';
  return (
    <div className="table-scroll">
      <table className={inputs ? 'data-table' : 'data-table data-table--auto'} data-testid={`contract-${kind}`}>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Type</th>
            {inputs && <th scope="col">Default</th>}
            {inputs && <th scope="col">Constraints</th>}
            {inputs && <th scope="col">Required</th>}
            {inputs && <th scope="col">Resolved by</th>}
          </tr>
        </thead>
        <tbody>
          {properties.map((property) => (
            <tr key={property.name} data-testid={`contract-${kind}-row`} data-name={property.name}>
              <th scope="row" className="data-table__name">
                <span className="mono">{property.name}</span>
                {property.secret && (
                  <Tag tone="warning" title="Passed to the program as secret configuration">
                    secret
                  </Tag>
                )}
                {property.description && <span className="data-table__description">{property.description}</span>}
              </th>
              <td className="mono">{property.type}</td>
              {inputs && <td className="mono">{property.defaultValue ?? <span className="muted">—</span>}</td>}
              {inputs && (
                <td>
                  {property.constraints.length === 0 ? (
                    <span className="muted">—</span>
                  ) : (
                    <ul className="constraint-list">
                      {property.constraints.map((constraint) => (
                        <li key={constraint} className="mono">
                          {constraint}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              )}
              {inputs && (
                <td>{property.required ? <span className="required-mark">Required</span> : <span className="muted">Optional</span>}</td>
              )}
              {inputs && (
                <td>
                  {property.binding ? (
                    <Tag
                      tone="teal"
                      title={property.binding.summary}
                      testId="binding-badge"
                      data={{ 'data-resolver': property.binding.resolver }}
                    >
                      ← {property.binding.resolver}
                    </Tag>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
