import type { Command } from '../commands/command';
import { CommandButton } from '../commands/CommandButton';
import { SaveState } from '../ui/SaveState';
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
      </div>
      <div className="toolbar__group">
        <label className="toolbar__field" title="Component of the next node">
          <input
            className="input input--small"
            aria-label="Component of the next node"
            placeholder="component"
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
      <SaveState dirty={context.dirty} saving={context.saving} />
      {button(saveTopologyCommand, { primary: true })}
    </div>
  );
}
