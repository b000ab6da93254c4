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
import { ConflictCount } from './co-editing/ConflictCount';
import { EnvironmentPicker } from './EnvironmentPicker';
import { FileMenu } from './files/FileMenu';
import type { PlannerPlan } from './overlay/use-planner-plan';

export interface PlannerToolbarProps {
  name: string;
  revision: number;
  context: PlannerCommandContext;
  plan: PlannerPlan;
  onRun(command: Command<PlannerCommandContext>): void;
  /** Shared topologies: the conflict count, which jumps to the next conflicted node (nothing when none). */
  conflicts?: { total: number; onNext(): void };
}

export function PlannerToolbar({ name, revision, context, plan, onRun, conflicts }: PlannerToolbarProps) {
  const button = (
    command: Command<PlannerCommandContext>,
    options: { primary?: boolean; iconOnly?: boolean; pressed?: boolean; collapsible?: boolean | 'early'; label?: string } = {},
  ) => <CommandButton command={command} context={context} onRun={onRun} {...options} />;
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
        {button(addNodeCommand, { collapsible: 'early', label: 'Add node' })}
        {button(deleteSelectionCommand, { iconOnly: true })}
        {button(undoCommand, { iconOnly: true })}
        {button(redoCommand, { iconOnly: true })}
      </div>
      <div className="toolbar__group">
        <EnvironmentPicker plan={plan} />
        {button(togglePlanCommand, { pressed: context.planOpen, collapsible: 'early' })}
        {button(deployTopologyCommand, { collapsible: 'early', label: 'Deploy…' })}
      </div>
      {conflicts && conflicts.total > 0 && (
        <div className="toolbar__group">
          <ConflictCount total={conflicts.total} onNext={conflicts.onNext} />
        </div>
      )}
    </DocumentToolbar>
  );
}
