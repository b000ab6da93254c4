import { useId } from 'react';
import type { Command } from '../commands/command';
import { CommandButton } from '../commands/CommandButton';
import {
  addNodeCommand,
  deleteSelectionCommand,
  deployTopologyCommand,
  plannerFileCommands,
  redoCommand,
  saveTopologyCommand,
  togglePlanCommand,
  undoCommand,
  type PlannerCommandContext,
} from '../commands/planner';
import { DocumentToolbar } from '../ui/DocumentToolbar';
import { EnvironmentPicker } from './EnvironmentPicker';
import { FileMenu } from './files/FileMenu';
import type { PlannerPlan } from './overlay/use-planner-plan';

export interface PlannerToolbarProps {
  name: string;
  revision: number;
  context: PlannerCommandContext;
  plan: PlannerPlan;
  /** Published component references, offered while typing a component. */
  componentRefs: readonly string[];
  onComponentNameChange(value: string): void;
  onRun(command: Command<PlannerCommandContext>): void;
}

export function PlannerToolbar({ name, revision, context, plan, componentRefs, onComponentNameChange, onRun }: PlannerToolbarProps) {
  const listId = useId();
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
        <FileMenu commands={plannerFileCommands} context={context} onRun={onRun} />
      </div>
      <div className="toolbar__group">
        <label className="toolbar__field" title="Component of the next node (name@version)">
          <input
            className="input input--small planner-toolbar__component"
            aria-label="Component of the next node"
            placeholder="component"
            value={context.componentName}
            onChange={(event) => onComponentNameChange(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') onRun(addNodeCommand);
            }}
            spellCheck={false}
            list={listId}
            data-testid="component-name-input"
          />
          <datalist id={listId}>
            {componentRefs.map((ref) => (
              <option key={ref} value={ref} />
            ))}
          </datalist>
        </label>
        {button(addNodeCommand, { collapsible: 'early' })}
        {button(deleteSelectionCommand, { iconOnly: true })}
        {button(undoCommand, { iconOnly: true })}
        {button(redoCommand, { iconOnly: true })}
      </div>
      <div className="toolbar__group">
        <EnvironmentPicker plan={plan} />
        {button(togglePlanCommand, { pressed: context.planOpen, collapsible: 'early' })}
        {button(deployTopologyCommand, { collapsible: 'early', label: 'Deploy…' })}
      </div>
    </DocumentToolbar>
  );
}
