import type { StackDocument } from '../../../../engine/api/schemas/stacks';
import { Icon } from '../../ui/Icon';
import { FieldIssues, TextField } from '../fields/TextField';
import { issuesAt, type StackIssue } from '../model/issue-paths';
import { slotNameProblem } from '../model/stack-edits';
import { contractInputs } from './contract-inputs';
import type { ContractState } from './use-component-contracts';

export interface SlotEditorProps {
  document: StackDocument;
  index: number;
  issues: readonly StackIssue[];
  readOnly: boolean;
  references: readonly string[] | null;
  contract: ContractState | undefined;
  /** Outputs of the other slots' components, for the hint of what expressions can read. */
  upstreamOutputs: ReadonlyMap<string, string[]>;
  onRename(name: string): void;
  onComponent(reference: string): void;
  onInput(input: string, expression: string): void;
  onDependsOn(names: string[]): void;
  onRemove(): void;
}

const messages = (issues: readonly StackIssue[], path: string) => issuesAt(issues, path).map((issue) => issue.message);

/** One slot: its name, the component version it pins, an expression per input, and explicit dependencies. */
export function SlotEditor({
  document,
  index,
  issues,
  readOnly,
  references,
  contract,
  upstreamOutputs,
  onRename,
  onComponent,
  onInput,
  onDependsOn,
  onRemove,
}: SlotEditorProps) {
  const slot = document.slots[index];
  if (!slot) return null;
  const at = `slots.${index}`;
  const declared = contract?.state === 'ready' ? contractInputs(contract.content.inputSchema) : [];
  const declaredNames = new Set(declared.map((input) => input.name));
  const extra = Object.keys(slot.inputs).filter((name) => !declaredNames.has(name));
  const options = references && !references.includes(slot.component) ? [slot.component, ...references] : (references ?? [slot.component]);
  const others = document.slots.filter((other) => other.name !== slot.name).map((other) => other.name);
  const dependsOn = new Set(slot.dependsOn ?? []);
  const readable = [...upstreamOutputs.entries()].filter(([name]) => name !== slot.name);

  return (
    <div className="stack-slot-editor" data-testid="slot-editor" data-name={slot.name}>
      <div className="stack-slot-editor__head">
        <label className="field">
          <span className="field__label">Slot name</span>
          <TextField
            value={slot.name}
            mono
            commitOn="blur"
            readOnly={readOnly}
            validate={(text) => slotNameProblem(document, index, text)}
            onCommit={onRename}
            issues={messages(issues, `${at}.name`)}
            testId="slot-name"
          />
        </label>
        <label className="field">
          <span className="field__label">Component</span>
          <select
            className="input select"
            value={slot.component}
            disabled={readOnly}
            onChange={(event) => onComponent(event.target.value)}
            data-testid="slot-component"
          >
            {options.map((reference) => (
              <option key={reference}>{reference}</option>
            ))}
          </select>
          <FieldIssues messages={messages(issues, `${at}.component`)} testId="slot-component-problem" />
        </label>
        {!readOnly && (
          <button
            type="button"
            className="button button--small button--danger stack-slot-editor__remove"
            onClick={onRemove}
            disabled={document.slots.length <= 1}
            title={document.slots.length <= 1 ? 'A stack needs at least one slot.' : undefined}
            data-testid="remove-slot"
          >
            <Icon name="trash" size={14} />
            <span>Remove slot</span>
          </button>
        )}
      </div>

      <h4 className="stack-section-title">Inputs</h4>
      {contract?.state === 'missing' && <p className="field__problem">{contract.message}</p>}
      <table className="data-table data-table--middle stack-inputs">
        <thead>
          <tr>
            <th>Input</th>
            <th>Expression</th>
          </tr>
        </thead>
        <tbody>
          {declared.map((input) => (
            <tr key={input.name} data-testid="slot-input-row" data-input={input.name}>
              <th scope="row" className="stack-inputs__name" title={input.description || undefined}>
                <span className="mono">{input.name}</span>
                {input.required && (
                  <span className="stack-required" title="Required" aria-label="required">
                    *
                  </span>
                )}
                <span className="stack-inputs__type">{input.type}</span>
              </th>
              <td>
                <TextField
                  value={slot.inputs[input.name] ?? ''}
                  mono
                  readOnly={readOnly}
                  placeholder={
                    input.defaultText !== null
                      ? `default ${input.defaultText}`
                      : input.required
                        ? 'required (or a resolver fills it)'
                        : 'not set'
                  }
                  onCommit={(expression) => onInput(input.name, expression)}
                  ariaLabel={`Expression for ${input.name}`}
                  issues={messages(issues, `${at}.inputs.${input.name}`)}
                  testId={`slot-input-${input.name}`}
                />
              </td>
            </tr>
          ))}
          {extra.map((name) => (
            <tr key={name} data-testid="slot-input-row" data-input={name}>
              <th scope="row" className="stack-inputs__name">
                <span className="mono">{name}</span>
                <span className="stack-inputs__type">not in the contract</span>
              </th>
              <td>
                <TextField
                  value={slot.inputs[name] ?? ''}
                  mono
                  readOnly={readOnly}
                  onCommit={(expression) => onInput(name, expression)}
                  ariaLabel={`Expression for ${name}`}
                  issues={messages(issues, `${at}.inputs.${name}`)}
                  testId={`slot-input-${name}`}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="field__hint">
        Expressions read <code>params.&lt;name&gt;</code> and <code>slots.&lt;slot&gt;.&lt;output&gt;</code>, with functions such as concat,
        lower, upper, join, cidrhost and default.
        {readable.length > 0 && (
          <>
            {' '}
            Outputs:{' '}
            {readable.map(([name, outputs], position) => (
              <span key={name}>
                {position > 0 && '; '}
                <code>slots.{name}</code>: {outputs.join(', ') || '…'}
              </span>
            ))}
          </>
        )}
      </p>

      <h4 className="stack-section-title">Depends on</h4>
      {others.length === 0 ? (
        <p className="muted">No other slots.</p>
      ) : (
        <div className="stack-checks" data-testid="slot-depends-on">
          {others.map((name) => (
            <label key={name} className="stack-check">
              <input
                type="checkbox"
                checked={dependsOn.has(name)}
                disabled={readOnly}
                onChange={(event) =>
                  onDependsOn(event.target.checked ? [...dependsOn, name] : [...dependsOn].filter((other) => other !== name))
                }
                data-testid={`slot-depends-${name}`}
              />
              <span className="mono">{name}</span>
            </label>
          ))}
        </div>
      )}
      <FieldIssues messages={messages(issues, `${at}.dependsOn`)} />
      <p className="field__hint">
        Reading a slot’s output already waits for it; tick a slot here only to deploy after it without reading it.
      </p>
    </div>
  );
}
