import type { OperationStep } from '../../../../engine/api/schemas/stacks';
import { Icon } from '../../ui/Icon';
import { FieldIssues, TextField } from '../fields/TextField';
import { stepOfKind } from '../model/stack-edits';

export interface StepRowProps {
  step: OperationStep;
  position: number;
  slots: readonly string[];
  readOnly: boolean;
  /** Problems of this step, by field (`slot`, `inputs.cores`, '' for the whole step). */
  problems: readonly { field: string; message: string }[];
  onChange(step: OperationStep): void;
  onRemove(): void;
  onMove(offset: -1 | 1): void;
  canMoveUp: boolean;
  canMoveDown: boolean;
}

const KINDS: readonly { kind: OperationStep['kind']; label: string }[] = [
  { kind: 'refresh', label: 'Refresh (read back)' },
  { kind: 'redeploy', label: 'Redeploy' },
  { kind: 'command', label: 'Run a command' },
  { kind: 'wait', label: 'Wait' },
  { kind: 'confirm', label: 'Ask to confirm' },
];

const linesToRecord = (text: string): Record<string, string> =>
  Object.fromEntries(
    text
      .split('\n')
      .map((line) => line.split('='))
      .filter((parts) => parts.length >= 2 && (parts[0] ?? '').trim() !== '' && parts.slice(1).join('=').trim() !== '')
      .map((parts) => [(parts[0] ?? '').trim(), parts.slice(1).join('=').trim()]),
  );

/** One step of an operation with the fields its kind has. */
export function StepRow({ step, position, slots, readOnly, problems, onChange, onRemove, onMove, canMoveUp, canMoveDown }: StepRowProps) {
  const messages = (field: string) =>
    problems.filter((problem) => problem.field === field || problem.field.startsWith(`${field}.`)).map((problem) => problem.message);
  const slotPicker =
    'slot' in step || step.kind === 'refresh' || step.kind === 'redeploy' || step.kind === 'command' ? (
      <label className="field">
        <span className="field__label">Slot</span>
        <select
          className="input select"
          value={'slot' in step ? (step.slot ?? '') : ''}
          disabled={readOnly}
          onChange={(event) => {
            const { slot: _slot, ...rest } = step as OperationStep & { slot?: string };
            onChange((event.target.value ? { ...rest, slot: event.target.value } : rest) as OperationStep);
          }}
          data-testid="step-slot"
        >
          <option value="">{step.kind === 'command' ? 'none (this machine)' : 'every slot, in plan order'}</option>
          {slots.map((name) => (
            <option key={name}>{name}</option>
          ))}
        </select>
        <FieldIssues messages={messages('slot')} />
      </label>
    ) : null;

  return (
    <li className="stack-step" data-testid="operation-step" data-kind={step.kind}>
      <span className="stack-step__number">{position + 1}</span>
      <div className="stack-step__fields">
        <label className="field">
          <span className="field__label">Kind</span>
          <select
            className="input select"
            value={step.kind}
            disabled={readOnly}
            onChange={(event) => onChange(stepOfKind(event.target.value as OperationStep['kind'], step))}
            data-testid="step-kind"
          >
            {KINDS.map((entry) => (
              <option key={entry.kind} value={entry.kind}>
                {entry.label}
              </option>
            ))}
          </select>
        </label>
        {slotPicker}
        {step.kind === 'redeploy' && (
          <label className="field stack-step__wide">
            <span className="field__label">Parameter changes, kept after the operation (one parameter = expression per line)</span>
            <TextField
              value={Object.entries(step.params ?? {})
                .map(([input, expression]) => `${input} = ${expression}`)
                .join('\n')}
              multiline
              mono
              readOnly={readOnly}
              placeholder="web_cores = input.cores"
              onCommit={(text) => {
                const params = linesToRecord(text);
                const { params: _params, ...rest } = step;
                onChange(Object.keys(params).length > 0 ? { ...rest, params } : rest);
              }}
              issues={messages('params')}
              testId="step-params"
            />
          </label>
        )}
        {step.kind === 'command' && (
          <>
            <label className="field stack-step__wide">
              <span className="field__label">Command (one argument per line; no shell)</span>
              <TextField
                value={step.command.join('\n')}
                multiline
                mono
                readOnly={readOnly}
                validate={(text) => (text.split('\n').some((line) => line.trim() !== '') ? null : 'Give the program to run.')}
                onCommit={(text) => onChange({ ...step, command: text.split('\n').filter((line) => line.trim() !== '') })}
                issues={messages('command')}
                testId="step-command"
              />
            </label>
            <label className="field">
              <span className="field__label">Time limit (s)</span>
              <TextField
                value={step.timeoutSeconds === undefined ? '' : String(step.timeoutSeconds)}
                mono
                readOnly={readOnly}
                placeholder="none"
                validate={(text) =>
                  text === '' || (/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 3600) ? null : 'Whole seconds, 1 to 3600.'
                }
                onCommit={(text) => {
                  const { timeoutSeconds: _timeout, ...rest } = step;
                  onChange(text === '' ? rest : { ...rest, timeoutSeconds: Number(text) });
                }}
                testId="step-timeout"
              />
            </label>
          </>
        )}
        {step.kind === 'wait' && (
          <label className="field">
            <span className="field__label">Seconds</span>
            <TextField
              value={String(step.seconds)}
              mono
              readOnly={readOnly}
              validate={(text) =>
                text.trim() !== '' && Number.isFinite(Number(text)) && Number(text) >= 0 && Number(text) <= 3600
                  ? null
                  : 'Seconds, 0 to 3600.'
              }
              onCommit={(text) => onChange({ ...step, seconds: Number(text) })}
              testId="step-seconds"
            />
          </label>
        )}
        {step.kind === 'confirm' && (
          <label className="field stack-step__wide">
            <span className="field__label">Question</span>
            <TextField
              value={step.message}
              readOnly={readOnly}
              validate={(text) => (text.trim() === '' ? 'Say what is being confirmed.' : null)}
              onCommit={(message) => onChange({ ...step, message })}
              issues={messages('message')}
              testId="step-message"
            />
          </label>
        )}
        <FieldIssues messages={messages('')} />
      </div>
      {!readOnly && (
        <div className="stack-step__actions">
          <button type="button" className="icon-button" onClick={() => onMove(-1)} disabled={!canMoveUp} aria-label="Move step up">
            ↑
          </button>
          <button type="button" className="icon-button" onClick={() => onMove(1)} disabled={!canMoveDown} aria-label="Move step down">
            ↓
          </button>
          <button type="button" className="icon-button" onClick={onRemove} aria-label="Remove step" data-testid="remove-step">
            <Icon name="trash" size={14} />
          </button>
        </div>
      )}
    </li>
  );
}
