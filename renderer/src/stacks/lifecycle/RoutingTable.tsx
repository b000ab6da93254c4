import type { StackDocument } from '../../../../engine/api/schemas/stacks';
import { Icon } from '../../ui/Icon';
import { TextField } from '../fields/TextField';
import { issuesAt, type StackIssue } from '../model/issue-paths';
import { TRIGGER_NAME_PATTERN } from '../../../../engine/common/identifiers';
import { updateRule } from '../model/stack-edits';

export interface RoutingTableProps {
  document: StackDocument;
  issues: readonly StackIssue[];
  readOnly: boolean;
  edit(update: (document: StackDocument) => StackDocument, key?: string): void;
}

const EVENT_GLOB = /^(\*\*|\*|[a-z0-9_-]+)(\.(\*\*|\*|[a-z0-9_-]+))*$/;

/** Routing rules: which events (glob on the type, optional filter) become which trigger of the machine. */
export function RoutingTable({ document, issues, readOnly, edit }: RoutingTableProps) {
  const messages = (path: string) => issuesAt(issues, path).map((issue) => issue.message);
  const triggers = [...new Set(document.stateMachine.transitions.map((transition) => transition.trigger))].sort();
  return (
    <section className="stack-section" data-testid="stack-routing">
      <div className="section-header">
        <h3>Event routing</h3>
        <div className="toolbar__spacer" />
        {!readOnly && (
          <button
            type="button"
            className="button button--small"
            onClick={() =>
              edit((current) => ({
                ...current,
                routing: [...current.routing, { event: 'local.*.removed', trigger: triggers[0] ?? 'object.lost' }],
              }))
            }
            data-testid="add-rule"
          >
            <Icon name="plus" size={14} />
            <span>Add rule</span>
          </button>
        )}
      </div>
      <p className="field__hint">
        Events reach instances only through these rules. <code>*</code> matches one dot-separated word, <code>**</code> any number; the
        filter reads <code>event</code> and <code>instance</code>.
      </p>
      {document.routing.length === 0 ? (
        <p className="muted">No rules: events are logged but change nothing.</p>
      ) : (
        <table className="data-table data-table--middle stack-table">
          <thead>
            <tr>
              <th>Event</th>
              <th>Filter</th>
              <th>Trigger</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {document.routing.map((rule, index) => (
              <tr key={index} data-testid="routing-row">
                <td>
                  <TextField
                    value={rule.event}
                    mono
                    readOnly={readOnly}
                    validate={(text) => (EVENT_GLOB.test(text) ? null : 'Dot-separated words, * or **.')}
                    onCommit={(event) => edit((current) => updateRule(current, index, { event }), `routing.${index}.event`)}
                    issues={messages(`routing.${index}.event`)}
                    ariaLabel="Event type glob"
                    testId="rule-event"
                  />
                </td>
                <td>
                  <TextField
                    value={rule.filter ?? ''}
                    mono
                    readOnly={readOnly}
                    placeholder="every matching event"
                    onCommit={(filter) =>
                      edit(
                        (current) => updateRule(current, index, { filter: filter.trim() === '' ? undefined : filter }),
                        `routing.${index}.filter`,
                      )
                    }
                    issues={messages(`routing.${index}.filter`)}
                    ariaLabel="Filter expression"
                    testId="rule-filter"
                  />
                </td>
                <td>
                  <TextField
                    value={rule.trigger}
                    mono
                    readOnly={readOnly}
                    list="stack-routing-triggers"
                    validate={(text) => (TRIGGER_NAME_PATTERN.test(text) ? null : 'Lowercase words separated by dots.')}
                    onCommit={(trigger) => edit((current) => updateRule(current, index, { trigger }), `routing.${index}.trigger`)}
                    issues={messages(`routing.${index}.trigger`)}
                    ariaLabel="Trigger"
                    testId="rule-trigger"
                  />
                </td>
                <td className="data-table__actions">
                  {!readOnly && (
                    <button
                      type="button"
                      className="icon-button"
                      onClick={() => edit((current) => ({ ...current, routing: current.routing.filter((_, at) => at !== index) }))}
                      aria-label="Remove rule"
                      data-testid="remove-rule"
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
      <datalist id="stack-routing-triggers">
        {triggers.map((trigger) => (
          <option key={trigger} value={trigger} />
        ))}
      </datalist>
    </section>
  );
}
