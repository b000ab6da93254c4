import { useParameterNames } from '../catalog/use-parameter-names';
import { replaceRow, withoutRow } from '../ui/editable-rows';
import { emptyConstraint, emptyLimit, type ConstraintRow, type LimitRow } from './governance-draft';

interface TableProps<Row> {
  rows: Row[];
  /** Every component name in the catalog. */
  components: string[];
  readOnly: boolean;
  onChange(rows: Row[]): void;
}

/** A component picker that also keeps a name the catalog no longer has (a policy may name it). */
function ComponentSelect({
  value,
  components,
  label,
  readOnly,
  testId,
  onChange,
}: {
  value: string;
  components: string[];
  label: string;
  readOnly: boolean;
  testId: string;
  onChange(value: string): void;
}) {
  const names = value && !components.includes(value) ? [value, ...components] : components;
  return (
    <select
      className="input select"
      aria-label={label}
      value={value}
      disabled={readOnly}
      onChange={(event) => onChange(event.target.value)}
      data-testid={testId}
    >
      <option value="">Choose a component…</option>
      {names.map((name) => (
        <option key={name} value={name}>
          {name}
        </option>
      ))}
    </select>
  );
}

/** The Remove button of a rule row (nothing when read-only). */
function RemoveRow({ label, readOnly, testId, onRemove }: { label: string; readOnly: boolean; testId: string; onRemove(): void }) {
  if (readOnly) return null;
  return (
    <button type="button" className="button button--small" aria-label={label} onClick={onRemove} data-testid={testId}>
      Remove
    </button>
  );
}

/** The button under a rule table that adds an empty row (nothing when read-only). */
function AddRow({ label, readOnly, testId, onAdd }: { label: string; readOnly: boolean; testId: string; onAdd(): void }) {
  if (readOnly) return null;
  return (
    <button type="button" className="button button--small" onClick={onAdd} data-testid={testId}>
      {label}
    </button>
  );
}

/** Instance limits: the most nodes of one component in a topology. */
export function InstanceLimitsTable({ rows, components, readOnly, onChange }: TableProps<LimitRow>) {
  return (
    <fieldset className="governance-rules" data-testid="governance-limits">
      <legend className="field__label">Instance limits</legend>
      {rows.length === 0 ? (
        <p className="field__hint" data-testid="governance-limits-none">
          No limits: a topology may hold any number of each component.
        </p>
      ) : (
        <table className="data-table data-table--middle">
          <thead>
            <tr>
              <th scope="col">Component</th>
              <th scope="col">Most per topology</th>
              <th scope="col" className="data-table__actions">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={row.key} data-testid="governance-limit">
                <td>
                  <ComponentSelect
                    value={row.component}
                    components={components}
                    label={`Instance limit ${index + 1}: component`}
                    readOnly={readOnly}
                    testId="governance-limit-component"
                    onChange={(component) => onChange(replaceRow(rows, row.key, { component }))}
                  />
                </td>
                <td>
                  <input
                    className="input input--narrow"
                    type="number"
                    min={0}
                    step={1}
                    aria-label={`Instance limit ${index + 1}: most per topology`}
                    value={row.max}
                    readOnly={readOnly}
                    onChange={(event) => onChange(replaceRow(rows, row.key, { max: event.target.value }))}
                    data-testid="governance-limit-max"
                  />
                </td>
                <td className="data-table__actions">
                  <RemoveRow
                    label={`Remove instance limit ${index + 1}`}
                    readOnly={readOnly}
                    testId="governance-limit-remove"
                    onRemove={() => onChange(withoutRow(rows, row.key))}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AddRow label="Add limit" readOnly={readOnly} testId="governance-add-limit" onAdd={() => onChange([...rows, emptyLimit()])} />
    </fieldset>
  );
}

/** Parameter constraints: minimum, maximum, allowed values or a pattern for one component input. */
export function ParameterConstraintsTable({ rows, components, readOnly, onChange }: TableProps<ConstraintRow>) {
  const parameters = useParameterNames(rows.map((row) => row.component));
  const text = (row: ConstraintRow, index: number, field: 'parameter' | 'minimum' | 'maximum' | 'values' | 'pattern', label: string) => (
    <input
      className="input"
      aria-label={`Constraint ${index + 1}: ${label}`}
      value={row[field]}
      readOnly={readOnly}
      spellCheck={false}
      list={field === 'parameter' ? `governance-parameters-${row.key}` : undefined}
      inputMode={field === 'minimum' || field === 'maximum' ? 'decimal' : undefined}
      onChange={(event) => onChange(replaceRow(rows, row.key, { [field]: event.target.value }))}
      data-testid={`governance-constraint-${field}`}
    />
  );
  return (
    <fieldset className="governance-rules" data-testid="governance-constraints">
      <legend className="field__label">Parameter constraints</legend>
      {rows.length === 0 ? (
        <p className="field__hint" data-testid="governance-constraints-none">
          No constraints: parameters take any value their component accepts.
        </p>
      ) : (
        <div className="table-scroll">
          <table className="data-table data-table--middle">
            <thead>
              <tr>
                <th scope="col">Component</th>
                <th scope="col">Parameter</th>
                <th scope="col">Minimum</th>
                <th scope="col">Maximum</th>
                <th scope="col">Allowed values</th>
                <th scope="col">Pattern (RE2)</th>
                <th scope="col" className="data-table__actions">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => (
                <tr key={row.key} data-testid="governance-constraint">
                  <td>
                    <ComponentSelect
                      value={row.component}
                      components={components}
                      label={`Constraint ${index + 1}: component`}
                      readOnly={readOnly}
                      testId="governance-constraint-component"
                      onChange={(component) => onChange(replaceRow(rows, row.key, { component }))}
                    />
                  </td>
                  <td>
                    {text(row, index, 'parameter', 'parameter')}
                    <datalist id={`governance-parameters-${row.key}`}>
                      {(parameters[row.component] ?? []).map((name) => (
                        <option key={name} value={name} />
                      ))}
                    </datalist>
                  </td>
                  <td>{text(row, index, 'minimum', 'minimum')}</td>
                  <td>{text(row, index, 'maximum', 'maximum')}</td>
                  <td>{text(row, index, 'values', 'allowed values, separated by commas')}</td>
                  <td>{text(row, index, 'pattern', 'pattern')}</td>
                  <td className="data-table__actions">
                    <RemoveRow
                      label={`Remove constraint ${index + 1}`}
                      readOnly={readOnly}
                      testId="governance-constraint-remove"
                      onRemove={() => onChange(withoutRow(rows, row.key))}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AddRow
        label="Add constraint"
        readOnly={readOnly}
        testId="governance-add-constraint"
        onAdd={() => onChange([...rows, emptyConstraint()])}
      />
    </fieldset>
  );
}
