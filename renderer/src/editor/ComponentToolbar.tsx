import type { Command } from '../commands/command';
import { CommandButton } from '../commands/CommandButton';
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
        <span className={`save-state${context.dirty ? ' save-state--dirty' : ''}`} data-testid="dirty-indicator" data-dirty={context.dirty ? 'true' : 'false'}>
          {context.saving ? 'Saving…' : context.dirty ? 'Unsaved changes' : 'Saved'}
        </span>
      </div>
      <div className="toolbar__spacer" />
      <MarkerCount summary={markers} />
      <CommandButton command={saveComponentCommand} context={context} onRun={onRun} primary />
    </div>
  );
}
