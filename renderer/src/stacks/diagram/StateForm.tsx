import type { StackState, StateMachineDocument } from '../../../../engine/api/schemas/stacks';
import { Icon } from '../../ui/Icon';
import { FieldIssues, TextField } from '../fields/TextField';
import { stateNameProblem } from '../model/machine-edits';
import { messagesFor, type PlacedProblem } from './diagram-problems';

export interface StateFormProps {
  machine: StateMachineDocument;
  index: number;
  problems: readonly PlacedProblem[] | undefined;
  onRename(name: string): void;
  onChange(patch: Partial<StackState>): void;
  onDelete(): void;
}

/** The selected state's fields: name (renaming follows into transitions), initial, terminal, description. */
export function StateForm({ machine, index, problems, onRename, onChange, onDelete }: StateFormProps) {
  const state = machine.states[index];
  if (!state) return null;
  const outgoing = machine.transitions.filter((transition) => transition.from === state.name).length;
  const incoming = machine.transitions.filter((transition) => transition.to === state.name).length;
  return (
    <div className="diagram-form" data-testid="state-form" data-state={state.name}>
      <h3 className="diagram-form__title">State</h3>
      <FieldIssues messages={messagesFor(problems, '')} testId="state-form-problem" />
      <label className="field">
        <span className="field__label">Name</span>
        <TextField
          value={state.name}
          mono
          commitOn="blur"
          validate={(text) => stateNameProblem(machine, index, text)}
          onCommit={onRename}
          issues={messagesFor(problems, 'name')}
          testId="state-name"
        />
      </label>
      <label className="diagram-form__check">
        <input
          type="checkbox"
          checked={state.initial ?? false}
          onChange={(event) => onChange({ initial: event.target.checked })}
          data-testid="state-initial"
        />
        <span>Initial — where a new instance starts (exactly one state)</span>
      </label>
      <label className="diagram-form__check">
        <input
          type="checkbox"
          checked={state.terminal ?? false}
          onChange={(event) => onChange({ terminal: event.target.checked })}
          data-testid="state-terminal"
        />
        <span>Terminal — the instance is finished here (no transitions out)</span>
      </label>
      <label className="field">
        <span className="field__label">Description</span>
        <TextField
          value={state.description ?? ''}
          multiline
          onCommit={(description) => onChange({ description })}
          placeholder="What it means to be in this state"
          testId="state-description"
        />
      </label>
      <p className="diagram-form__hint">
        {outgoing} transition{outgoing === 1 ? '' : 's'} out, {incoming} in. Drag the dot on its right edge to another state to add one.
      </p>
      <button type="button" className="button button--small button--danger" onClick={onDelete} data-testid="delete-state">
        <Icon name="trash" size={14} />
        <span>Delete state</span>
      </button>
    </div>
  );
}
