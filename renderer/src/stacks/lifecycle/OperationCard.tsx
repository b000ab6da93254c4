import type { OperationStep, StackDocument, StackOperation } from '../../../../engine/api/schemas/stacks';
import { Icon } from '../../ui/Icon';
import { FieldIssues, TextField } from '../fields/TextField';
import { issuesAt, issuesWithin, type StackIssue } from '../model/issue-paths';
import { STACK_IDENTIFIER_PATTERN, TRIGGER_NAME_PATTERN } from '../../../../engine/common/identifiers';
import { JsonField } from './JsonField';
import { StepRow } from './StepRow';

export interface OperationCardProps {
  document: StackDocument;
  index: number;
  issues: readonly StackIssue[];
  readOnly: boolean;
  onChange(patch: Partial<StackOperation>, key?: string): void;
  onRename(name: string): void;
  onRemove(): void;
}

const triggerProblem = (text: string) =>
  text === '' || TRIGGER_NAME_PATTERN.test(text) ? null : 'Lowercase words separated by dots, e.g. healed.';

/** One day-2 operation: where it may run, its steps, and the triggers it sends when it ends. */
export function OperationCard({ document, index, issues, readOnly, onChange, onRename, onRemove }: OperationCardProps) {
  const operation = document.operations[index];
  if (!operation) return null;
  const at = `operations.${index}`;
  const messages = (path: string) => issuesAt(issues, `${at}.${path}`).map((issue) => issue.message);
  const states = document.stateMachine.states.map((state) => state.name);
  const unknown = operation.requiredStates.filter((name) => !states.includes(name));
  const slots = document.slots.map((slot) => slot.name);
  const stepProblems = (stepIndex: number) =>
    issuesWithin(issues, `${at}.steps.${stepIndex}`).map((issue) => ({ field: issue.path, message: issue.message }));
  const setSteps = (steps: OperationStep[]) => onChange({ steps });
  const toggleState = (name: string, on: boolean) =>
    onChange({ requiredStates: on ? [...operation.requiredStates, name] : operation.requiredStates.filter((other) => other !== name) });

  return (
    <article className="card stack-operation" data-testid="operation-card" data-name={operation.name}>
      <div className="stack-operation__head">
        <label className="field">
          <span className="field__label">Name</span>
          <TextField
            value={operation.name}
            mono
            commitOn="blur"
            readOnly={readOnly}
            validate={(text) =>
              !STACK_IDENTIFIER_PATTERN.test(text)
                ? 'Lowercase letters, digits, - or _, starting with a letter.'
                : document.operations.some((other, position) => position !== index && other.name === text)
                  ? `There is already an operation ${text}.`
                  : null
            }
            onCommit={onRename}
            issues={messages('name')}
            testId="operation-name"
          />
        </label>
        <label className="field stack-operation__description">
          <span className="field__label">Description</span>
          <TextField
            value={operation.description ?? ''}
            readOnly={readOnly}
            placeholder="What it does, for the people who run it"
            onCommit={(description) => onChange({ description }, `${at}.description`)}
            testId="operation-description"
          />
        </label>
        {!readOnly && (
          <button type="button" className="button button--small button--danger" onClick={onRemove} data-testid="remove-operation">
            <Icon name="trash" size={14} />
            <span>Remove</span>
          </button>
        )}
      </div>

      <div className="field">
        <span className="field__label">Allowed in states</span>
        <div className="stack-checks" data-testid="operation-states">
          {[...states, ...unknown].map((name) => (
            <label key={name} className={`stack-check${unknown.includes(name) ? ' stack-check--unknown' : ''}`}>
              <input
                type="checkbox"
                checked={operation.requiredStates.includes(name)}
                disabled={readOnly}
                onChange={(event) => toggleState(name, event.target.checked)}
                data-testid={`operation-state-${name}`}
              />
              <span className="mono">{name}</span>
            </label>
          ))}
        </div>
        <FieldIssues
          messages={[
            ...messages('requiredStates'),
            ...issuesWithin(issues, `${at}.requiredStates`)
              .filter((issue) => issue.path !== '')
              .map((issue) => issue.message),
          ]}
        />
      </div>

      <div className="field">
        <span className="field__label">Steps</span>
        <ol className="stack-steps">
          {operation.steps.map((step, stepIndex) => (
            <StepRow
              key={stepIndex}
              step={step}
              position={stepIndex}
              slots={slots}
              readOnly={readOnly}
              problems={stepProblems(stepIndex)}
              canMoveUp={stepIndex > 0}
              canMoveDown={stepIndex < operation.steps.length - 1}
              onChange={(next) => setSteps(operation.steps.map((other, position) => (position === stepIndex ? next : other)))}
              onRemove={() => setSteps(operation.steps.filter((_, position) => position !== stepIndex))}
              onMove={(offset) => {
                const steps = [...operation.steps];
                const [moved] = steps.splice(stepIndex, 1);
                if (moved) steps.splice(stepIndex + offset, 0, moved);
                setSteps(steps);
              }}
            />
          ))}
        </ol>
        <FieldIssues messages={messages('steps')} />
        {!readOnly && (
          <button
            type="button"
            className="button button--small stack-operation__add-step"
            onClick={() => setSteps([...operation.steps, { kind: 'refresh' }])}
            data-testid="add-step"
          >
            <Icon name="plus" size={14} />
            <span>Add step</span>
          </button>
        )}
      </div>

      <div className="stack-operation__triggers">
        <label className="field">
          <span className="field__label">On success send</span>
          <TextField
            value={operation.onSuccess ?? ''}
            mono
            readOnly={readOnly}
            placeholder={`${operation.name}.succeeded`}
            validate={triggerProblem}
            onCommit={(onSuccess) => onChange({ onSuccess }, `${at}.onSuccess`)}
            issues={messages('onSuccess')}
            testId="operation-on-success"
          />
        </label>
        <label className="field">
          <span className="field__label">On failure send</span>
          <TextField
            value={operation.onFailure ?? ''}
            mono
            readOnly={readOnly}
            placeholder={`${operation.name}.failed`}
            validate={triggerProblem}
            onCommit={(onFailure) => onChange({ onFailure }, `${at}.onFailure`)}
            issues={messages('onFailure')}
            testId="operation-on-failure"
          />
        </label>
      </div>

      <label className="field">
        <span className="field__label">Input schema (JSON Schema of what the person running it provides)</span>
        <JsonField
          value={operation.inputSchema}
          readOnly={readOnly}
          onCommit={(inputSchema) => onChange({ inputSchema }, `${at}.inputSchema`)}
          issues={messages('inputSchema')}
          testId="operation-input-schema"
          ariaLabel={`Input schema of ${operation.name}`}
        />
      </label>
    </article>
  );
}
