import type { Command } from '../commands/command';
import { CommandButton } from '../commands/CommandButton';
import { addNodeCommand, deleteSelectionCommand, redoCommand, saveTopologyCommand, undoCommand, type PlannerCommandContext } from '../commands/planner';

export interface PlannerToolbarProps {
  name: string;
  revision: number;
  context: PlannerCommandContext;
  onComponentNameChange(value: string): void;
  onRun(command: Command<PlannerCommandContext>): void;
}

export function PlannerToolbar({ name, revision, context, onComponentNameChange, onRun }: PlannerToolbarProps) {
  const button = (command: Command<PlannerCommandContext>, options: { primary?: boolean; iconOnly?: boolean } = {}) => (
    <CommandButton command={command} context={context} onRun={onRun} {...options} />
  );
  return (
    <div className="toolbar" role="toolbar" aria-label="Planner" data-testid="planner-toolbar">
      <div className="toolbar__title">
        <span className="toolbar__name" data-testid="topology-name">
          {name}
        </span>
        <span className="badge" data-testid="revision-label" data-revision={revision}>
          Revision {revision}
        </span>
        <span className={`save-state${context.dirty ? ' save-state--dirty' : ''}`} data-testid="dirty-indicator" data-dirty={context.dirty ? 'true' : 'false'}>
          {context.saving ? 'Saving…' : context.dirty ? 'Unsaved changes' : 'Saved'}
        </span>
      </div>
      <div className="toolbar__group">
        <label className="toolbar__field">
          <span className="toolbar__field-label">Component</span>
          <input
            className="input input--small"
            value={context.componentName}
            onChange={(event) => onComponentNameChange(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') onRun(addNodeCommand);
            }}
            spellCheck={false}
            data-testid="component-name-input"
          />
        </label>
        {button(addNodeCommand)}
        {button(deleteSelectionCommand, { iconOnly: true })}
      </div>
      <div className="toolbar__group">
        {button(undoCommand, { iconOnly: true })}
        {button(redoCommand, { iconOnly: true })}
      </div>
      <div className="toolbar__spacer" />
      {button(saveTopologyCommand, { primary: true })}
    </div>
  );
}
