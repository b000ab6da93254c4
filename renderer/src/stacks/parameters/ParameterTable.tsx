import type { StackDocument } from '../../../../engine/api/schemas/stacks';
import { Icon } from '../../ui/Icon';
import { FieldIssues, TextField } from '../fields/TextField';
import { issuesUnder, type StackIssue } from '../model/issue-paths';
import {
  addParameter,
  parameterNameProblem,
  properties,
  parameterRows,
  parseDefault,
  PARAMETER_TYPES,
  removeParameter,
  renameParameter,
  updateParameter,
  type ParameterType,
} from '../model/parameter-schema';
import { freshKey } from '../model/stack-edits';

export interface ParameterTableProps {
  document: StackDocument;
  issues: readonly StackIssue[];
  readOnly: boolean;
  edit(update: (document: StackDocument) => StackDocument, key?: string): void;
}

/** The stack's parameters (`params.<name>` in expressions): type, default, description, required. */
export function ParameterTable({ document, issues, readOnly, edit }: ParameterTableProps) {
  const schema = document.parameters;
  const rows = parameterRows(schema);
  const setSchema = (update: (parameters: StackDocument['parameters']) => StackDocument['parameters'], key?: string) =>
    edit((current) => ({ ...current, parameters: update(current.parameters) }), key);
  return (
    <section className="stack-section" data-testid="stack-parameters">
      <div className="section-header">
        <h3>Parameters</h3>
        <div className="toolbar__spacer" />
        {!readOnly && (
          <button
            type="button"
            className="button button--small"
            onClick={() => setSchema((parameters) => addParameter(parameters, freshKey(Object.keys(properties(parameters)), 'param')))}
            data-testid="add-parameter"
          >
            <Icon name="plus" size={14} />
            <span>Add parameter</span>
          </button>
        )}
      </div>
      <FieldIssues messages={issuesUnder(issues, 'parameters').map((issue) => issue.message)} testId="parameters-problem" />
      {rows.length === 0 ? (
        <p className="muted">No parameters: the stack deploys the same everywhere. Add one to read it as params.&lt;name&gt;.</p>
      ) : (
        <table className="data-table data-table--middle stack-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th>Default</th>
              <th>Description</th>
              <th>Required</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.name} data-testid="parameter-row" data-name={row.name}>
                <td>
                  <TextField
                    value={row.name}
                    mono
                    commitOn="blur"
                    readOnly={readOnly}
                    validate={(text) => parameterNameProblem(schema, row.name, text)}
                    onCommit={(name) => setSchema((parameters) => renameParameter(parameters, row.name, name))}
                    ariaLabel="Parameter name"
                    testId="parameter-name"
                  />
                </td>
                <td>
                  <select
                    className="input select"
                    value={row.type}
                    disabled={readOnly}
                    onChange={(event) =>
                      setSchema((parameters) => updateParameter(parameters, row.name, { type: event.target.value as ParameterType }))
                    }
                    aria-label="Type"
                    data-testid="parameter-type"
                  >
                    {PARAMETER_TYPES.map((type) => (
                      <option key={type}>{type}</option>
                    ))}
                  </select>
                </td>
                <td>
                  <TextField
                    value={row.defaultText}
                    mono
                    readOnly={readOnly}
                    placeholder="none"
                    validate={(text) => {
                      const parsed = parseDefault(row.type, text);
                      return parsed && 'error' in parsed ? parsed.error : null;
                    }}
                    onCommit={(text) => {
                      const parsed = parseDefault(row.type, text);
                      setSchema(
                        (parameters) =>
                          updateParameter(parameters, row.name, { default: parsed && 'value' in parsed ? parsed.value : undefined }),
                        `parameters.${row.name}.default`,
                      );
                    }}
                    ariaLabel="Default"
                    testId="parameter-default"
                  />
                </td>
                <td>
                  <TextField
                    value={row.description}
                    readOnly={readOnly}
                    onCommit={(description) =>
                      setSchema(
                        (parameters) => updateParameter(parameters, row.name, { description }),
                        `parameters.${row.name}.description`,
                      )
                    }
                    ariaLabel="Description"
                    testId="parameter-description"
                  />
                </td>
                <td className="stack-table__check">
                  <input
                    type="checkbox"
                    checked={row.required}
                    disabled={readOnly}
                    onChange={(event) =>
                      setSchema((parameters) => updateParameter(parameters, row.name, { required: event.target.checked }))
                    }
                    aria-label="Required"
                    data-testid="parameter-required"
                  />
                </td>
                <td className="data-table__actions">
                  {!readOnly && (
                    <button
                      type="button"
                      className="icon-button"
                      onClick={() => setSchema((parameters) => removeParameter(parameters, row.name))}
                      aria-label={`Remove parameter ${row.name}`}
                      data-testid="remove-parameter"
                    >
                      <Icon name="trash" size={14} />
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
