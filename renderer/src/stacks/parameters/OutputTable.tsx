import type { StackDocument } from '../../../../engine/api/schemas/stacks';
import { Icon } from '../../ui/Icon';
import { TextField } from '../fields/TextField';
import { issuesAt, type StackIssue } from '../model/issue-paths';
import { freshKey, outputNameProblem, renameOutput } from '../model/stack-edits';

export interface OutputTableProps {
  document: StackDocument;
  issues: readonly StackIssue[];
  readOnly: boolean;
  edit(update: (document: StackDocument) => StackDocument, key?: string): void;
}

/** What a deployed stack reports: output name → expression over params and slots. */
export function OutputTable({ document, issues, readOnly, edit }: OutputTableProps) {
  const entries = Object.entries(document.outputs);
  const setOutputs = (update: (outputs: Record<string, string>) => Record<string, string>, key?: string) =>
    edit((current) => ({ ...current, outputs: update(current.outputs) }), key);
  return (
    <section className="stack-section" data-testid="stack-outputs">
      <div className="section-header">
        <h3>Outputs</h3>
        <div className="toolbar__spacer" />
        {!readOnly && (
          <button
            type="button"
            className="button button--small"
            onClick={() =>
              setOutputs((outputs) => ({ ...outputs, [freshKey(Object.keys(outputs), 'output')]: `'${document.slots[0]?.name ?? ''}'` }))
            }
            data-testid="add-output"
          >
            <Icon name="plus" size={14} />
            <span>Add output</span>
          </button>
        )}
      </div>
      {entries.length === 0 ? (
        <p className="muted">No outputs. An output exposes a value to people and to topologies, e.g. concat('http://', slots.dns.fqdn).</p>
      ) : (
        <table className="data-table data-table--middle stack-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Expression</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {entries.map(([name, expression]) => (
              <tr key={name} data-testid="output-row" data-name={name}>
                <td className="stack-table__name">
                  <TextField
                    value={name}
                    mono
                    commitOn="blur"
                    readOnly={readOnly}
                    validate={(text) => outputNameProblem(document, name, text)}
                    onCommit={(next) => edit((current) => renameOutput(current, name, next))}
                    ariaLabel="Output name"
                    testId="output-name"
                  />
                </td>
                <td>
                  <TextField
                    value={expression}
                    mono
                    readOnly={readOnly}
                    onCommit={(next) => setOutputs((outputs) => ({ ...outputs, [name]: next }), `outputs.${name}`)}
                    ariaLabel={`Expression of ${name}`}
                    issues={issuesAt(issues, `outputs.${name}`).map((issue) => issue.message)}
                    testId="output-expression"
                  />
                </td>
                <td className="data-table__actions">
                  {!readOnly && (
                    <button
                      type="button"
                      className="icon-button"
                      onClick={() => setOutputs((outputs) => Object.fromEntries(Object.entries(outputs).filter(([key]) => key !== name)))}
                      aria-label={`Remove output ${name}`}
                      data-testid="remove-output"
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
