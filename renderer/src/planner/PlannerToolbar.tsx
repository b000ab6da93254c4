import type { Command } from '../commands/command';
import { CommandButton } from '../commands/CommandButton';
import { DocumentToolbar } from '../ui/DocumentToolbar';
import { addNodeCommand, deleteSelectionCommand, deployTopologyCommand, redoCommand, saveTopologyCommand, togglePlanCommand, undoCommand, type PlannerCommandContext } from '../commands/planner';

export interface PlannerToolbarProps {
  name: string;
  revision: number;
  context: PlannerCommandContext;
  onComponentNameChange(value: string): void;
  onRun(command: Command<PlannerCommandContext>): void;
}

export function PlannerToolbar({ name, revision, context, onComponentNameChange, onRun }: PlannerToolbarProps) {
  const button = (command: Command<PlannerCommandContext>, options: { primary?: boolean; iconOnly?: boolean; pressed?: boolean; collapsible?: boolean | 'early'; label?: string } = {}) => (
    <CommandButton command={command} context={context} onRun={onRun} {...options} />
  );
  return (
    <DocumentToolbar
      label="Planner"
      testId="planner-toolbar"
      name={name}
      nameTestId="topology-name"
      revision={revision}
      dirty={context.dirty}
      saving={context.saving}
      saveButton={button(saveTopologyCommand, { primary: true })}
    >
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
      <div className="toolbar__group">
        {button(togglePlanCommand, { pressed: context.planOpen, collapsible: true })}
        {button(deployTopologyCommand, { collapsible: 'early', label: 'Deploy…' })}
      </div>
    </DocumentToolbar>
  );
}
