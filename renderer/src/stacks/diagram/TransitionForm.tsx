import { useId } from 'react';
import type { StackTransition, StateMachineDocument } from '../../../../engine/api/schemas/stacks';
import { Icon } from '../../ui/Icon';
import { FieldIssues, TextField } from '../fields/TextField';
import {
  STACK_IDENTIFIER_PATTERN,
  TRANSITION_TIMEOUT_MAX_SECONDS,
  TRIGGER_NAME_MAX_LENGTH,
  TRIGGER_NAME_PATTERN,
} from '../../../../engine/common/identifiers';
import { messagesFor, type PlacedProblem } from './diagram-problems';

export interface TransitionFormProps {
  machine: StateMachineDocument;
  index: number;
  /** Workflows a transition can run: the lifecycle ones and the stack's operations. */
  workflows: readonly string[];
  problems: readonly PlacedProblem[] | undefined;
  onChange(patch: Partial<StackTransition>): void;
  onDelete(): void;
}

/** The selected transition's fields: ends, trigger, workflow, guard and time limit. */
export function TransitionForm({ machine, index, workflows, problems, onChange, onDelete }: TransitionFormProps) {
  const listId = useId();
  const transition = machine.transitions[index];
  if (!transition) return null;
  const names = machine.states.map((state) => state.name);
  const stateOptions = (current: string) =>
    (names.includes(current) ? names : [current, ...names]).map((name) => <option key={name}>{name}</option>);
  const timeout = transition.timeout;
  return (
    <div className="diagram-form" data-testid="transition-form" data-index={index}>
      <h3 className="diagram-form__title">Transition</h3>
      <FieldIssues messages={messagesFor(problems, '')} />
      <div className="diagram-form__row">
        <label className="field">
          <span className="field__label">From</span>
          <select
            className="input select"
            value={transition.from}
            onChange={(event) => onChange({ from: event.target.value })}
            data-testid="transition-from"
          >
            {stateOptions(transition.from)}
          </select>
          <FieldIssues messages={messagesFor(problems, 'from')} />
        </label>
        <label className="field">
          <span className="field__label">To</span>
          <select
            className="input select"
            value={transition.to}
            onChange={(event) => onChange({ to: event.target.value })}
            data-testid="transition-to"
          >
            {stateOptions(transition.to)}
          </select>
          <FieldIssues messages={messagesFor(problems, 'to')} />
        </label>
      </div>
      <label className="field">
        <span className="field__label">Trigger</span>
        <TextField
          value={transition.trigger}
          mono
          validate={(text) =>
            TRIGGER_NAME_PATTERN.test(text) && text.length <= TRIGGER_NAME_MAX_LENGTH
              ? null
              : 'Lowercase words separated by dots, e.g. deploy.succeeded.'
          }
          onCommit={(trigger) => onChange({ trigger })}
          issues={messagesFor(problems, 'trigger')}
          testId="transition-trigger"
        />
      </label>
      <label className="field">
        <span className="field__label">Workflow</span>
        <TextField
          value={transition.workflow ?? ''}
          mono
          list={listId}
          placeholder="none"
          validate={(text) =>
            text === '' || STACK_IDENTIFIER_PATTERN.test(text) ? null : 'A workflow name: deploy, destroy, upgrade or an operation.'
          }
          onCommit={(workflow) => onChange({ workflow: workflow || undefined })}
          issues={messagesFor(problems, 'workflow')}
          testId="transition-workflow"
        />
        <datalist id={listId}>
          {workflows.map((workflow) => (
            <option key={workflow} value={workflow} />
          ))}
        </datalist>
        <span className="field__hint">
          Runs on entering “{transition.to}”; its outcome arrives as &lt;workflow&gt;.succeeded or .failed.
        </span>
      </label>
      <label className="field">
        <span className="field__label">Guard</span>
        <TextField
          value={transition.guard ?? ''}
          mono
          placeholder="always"
          onCommit={(guard) => onChange({ guard: guard.trim() === '' ? undefined : guard })}
          issues={messagesFor(problems, 'guard')}
          testId="transition-guard"
        />
        <span className="field__hint">
          An expression over instance, params, outputs and event that must be true, e.g. event.count &gt; 2.
        </span>
      </label>
      <label className="diagram-form__check">
        <input
          type="checkbox"
          checked={timeout !== undefined}
          onChange={(event) =>
            onChange({
              timeout: event.target.checked
                ? { seconds: 1800, target: names.find((name) => name !== transition.to) ?? transition.from }
                : undefined,
            })
          }
          data-testid="transition-timeout-enabled"
        />
        <span>Time limit for the workflow</span>
      </label>
      {timeout && (
        <div className="diagram-form__row">
          <label className="field">
            <span className="field__label">Seconds</span>
            <TextField
              value={String(timeout.seconds)}
              mono
              validate={(text) =>
                /^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= TRANSITION_TIMEOUT_MAX_SECONDS
                  ? null
                  : `A whole number of seconds, 1 to ${TRANSITION_TIMEOUT_MAX_SECONDS}.`
              }
              onCommit={(text) => onChange({ timeout: { ...timeout, seconds: Number(text) } })}
              issues={messagesFor(problems, 'timeout.seconds')}
              testId="transition-timeout-seconds"
            />
          </label>
          <label className="field">
            <span className="field__label">Then go to</span>
            <select
              className="input select"
              value={timeout.target}
              onChange={(event) => onChange({ timeout: { ...timeout, target: event.target.value } })}
              data-testid="transition-timeout-target"
            >
              {stateOptions(timeout.target)}
            </select>
            <FieldIssues messages={messagesFor(problems, 'timeout.target')} />
          </label>
        </div>
      )}
      <button type="button" className="button button--small button--danger" onClick={onDelete} data-testid="delete-transition">
        <Icon name="trash" size={14} />
        <span>Delete transition</span>
      </button>
    </div>
  );
}
