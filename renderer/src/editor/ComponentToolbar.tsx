import type { Command } from '../commands/command';
import { CommandButton } from '../commands/CommandButton';
import { DocumentToolbar } from '../ui/DocumentToolbar';
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
    <DocumentToolbar
      label="Component"
      testId="component-toolbar"
      name={name}
      nameTestId="component-name"
      revision={revision}
      dirty={context.dirty}
      saving={context.saving}
      saveButton={<CommandButton command={saveComponentCommand} context={context} onRun={onRun} primary />}
    >
      <MarkerCount summary={markers} />
    </DocumentToolbar>
  );
}
