import type { Command } from '../commands/command';
import { CommandButton } from '../commands/CommandButton';
import { SaveState } from '../ui/SaveState';
import type { ComponentCommandContext } from '../commands/editor/component-command-context';
import { saveComponentCommand } from '../commands/editor/save-component';
import { MarkerCount } from './MarkerCount';
import type { MarkerSummary } from './monaco/marker-summary';

export interface ComponentToolbarProps {
  name: string;
  revision: number;
  markers: MarkerSummary;
  context: ComponentCommandContext;
  onRun(command: Command<ComponentCommandContext>): void;
}

export function ComponentToolbar({ name, revision, markers, context, onRun }: ComponentToolbarProps) {
  return (
    <div className="toolbar" role="toolbar" aria-label="Component" data-testid="component-toolbar">
      <div className="toolbar__title">
        <span className="toolbar__name" data-testid="component-name">
          {name}
        </span>
        <span className="badge" data-testid="revision-label" data-revision={revision}>
          Revision {revision}
        </span>
      </div>
      <MarkerCount summary={markers} />
      <div className="toolbar__spacer" />
      <SaveState dirty={context.dirty} saving={context.saving} />
      <CommandButton command={saveComponentCommand} context={context} onRun={onRun} primary />
    </div>
  );
}
