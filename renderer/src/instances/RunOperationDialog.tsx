import { useMemo, useState } from 'react';
import { Field, FormDialog } from '../ui/FormDialog';
import type { StackInstance } from './instance-entities';
import { describeStep } from '../../../engine/common/step-wording';
import { requiredStatesHint, type OperationView } from './operation-view';
import { SchemaFields } from './SchemaFields';
import { collectValues, describeProblems, fieldsOf, type FieldTexts } from './schema-form';

export interface RunOperationDialogProps {
  instance: StackInstance;
  operations: readonly OperationView[];
  /** The operation chosen on its row; absent (from the command palette) the dialog offers the allowed ones. */
  initial: string | null;
  onCancel(): void;
  /** Starts the operation; throwing (not allowed now, bad input) keeps the dialog open with the engine's words. */
  onRun(operation: string, input: Record<string, unknown>): Promise<void>;
}

/** The confirmation before a day-2 operation runs: what it will do, step by step, and its input as a form from its input schema. */
export function RunOperationDialog({ instance, operations, initial, onCancel, onRun }: RunOperationDialogProps) {
  const choices = initial
    ? operations.filter((operation) => operation.name === initial)
    : operations.filter((operation) => operation.allowed);
  const [chosen, setChosen] = useState(initial ?? choices[0]?.name ?? '');
  const operation = operations.find((candidate) => candidate.name === chosen) ?? null;
  const fields = useMemo(() => fieldsOf(operation?.inputSchema), [operation]);
  const [texts, setTexts] = useState<FieldTexts>({});
  const [submitted, setSubmitted] = useState(false);
  const collected = collectValues(fields, texts);

  return (
    <FormDialog
      name="run-operation"
      title={operation ? `Run ${operation.name} on ${instance.name}?` : `Run an operation on ${instance.name}`}
      submitLabel={operation ? `Run ${operation.name}` : 'Run'}
      wide
      onCancel={onCancel}
      onSubmit={async () => {
        setSubmitted(true);
        if (!operation) throw new Error(`No operation can run on ${instance.name} while it is ${instance.state}.`);
        const problems = describeProblems(collected.problems);
        if (problems) throw new Error(`Input: ${problems}`);
        await onRun(operation.name, collected.values);
      }}
    >
      {!initial && (
        <Field label="Operation">
          <select
            className="input select"
            value={chosen}
            onChange={(event) => {
              setChosen(event.target.value);
              setTexts({});
            }}
            disabled={choices.length === 0}
            data-testid="run-operation-choice"
          >
            {choices.map((choice) => (
              <option key={choice.name} value={choice.name}>
                {choice.name}
              </option>
            ))}
          </select>
        </Field>
      )}
      {operation === null ? (
        <p className="muted">
          No operation is allowed while {instance.name} is {instance.state}.
        </p>
      ) : (
        <>
          {operation.description && <p className="dialog__message">{operation.description}</p>}
          {!operation.allowed && (
            <div className="form-error" role="alert">
              {requiredStatesHint(operation.requiredStates)}; {instance.name} is {instance.state}
              {instance.status === 'running' ? ` and running ${instance.activity?.workflow ?? 'a workflow'}` : ''}.
            </div>
          )}
          <div className="field">
            <span className="field__label">Steps</span>
            <ol className="instance-steps" data-testid="run-operation-steps">
              {operation.steps.map((step, index) => (
                <li key={index}>{describeStep(step)}</li>
              ))}
            </ol>
          </div>
          <fieldset className="schema-fieldset">
            <legend className="field__label">Input</legend>
            <SchemaFields
              fields={fields}
              texts={texts}
              problems={submitted ? collected.problems : {}}
              onChange={(key, text) => setTexts((previous) => ({ ...previous, [key]: text }))}
              testId="operation-input"
              empty="This operation takes no input."
            />
          </fieldset>
        </>
      )}
    </FormDialog>
  );
}
