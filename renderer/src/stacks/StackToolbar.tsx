import type { StackVersionInfo } from '../../../engine/api/schemas/stacks';
import type { Command } from '../commands/command';
import { CommandButton } from '../commands/CommandButton';
import {
  forkStackCommand,
  publishStackCommand,
  redoStackEditCommand,
  undoStackEditCommand,
  type StackCommandContext,
} from '../commands/stacks';
import { DocumentToolbar } from '../ui/DocumentToolbar';
import type { OpenStack } from './use-stack-session';

export interface StackToolbarProps {
  open: OpenStack;
  versions: readonly StackVersionInfo[];
  viewing: number | null;
  dirty: boolean;
  saving: boolean;
  context: StackCommandContext;
  onRun(command: Command<StackCommandContext>): void;
  onView(version: number | null): void;
}

/** Which stack and version is open, undo/redo, and the commands: fork, publish. The draft saves itself. */
export function StackToolbar({ open, versions, viewing, dirty, saving, context, onRun, onView }: StackToolbarProps) {
  return (
    <DocumentToolbar
      label="Stack"
      testId="stack-toolbar"
      name={open.name}
      nameTestId="stack-name"
      revision={open.revision}
      dirty={dirty}
      saving={saving}
      saveButton={<CommandButton command={publishStackCommand} context={context} onRun={onRun} primary label="Publish…" />}
    >
      <label className="toolbar__field">
        <span className="visually-hidden">Version shown</span>
        <select
          className="input input--small select"
          value={viewing === null ? 'draft' : String(viewing)}
          onChange={(event) => onView(event.target.value === 'draft' ? null : Number(event.target.value))}
          data-testid="stack-version-picker"
        >
          <option value="draft">Draft</option>
          {versions.map((version) => (
            <option key={version.version} value={version.version}>
              v{version.version} · read-only
            </option>
          ))}
        </select>
      </label>
      <CommandButton command={undoStackEditCommand} context={context} onRun={onRun} iconOnly />
      <CommandButton command={redoStackEditCommand} context={context} onRun={onRun} iconOnly />
      <CommandButton command={forkStackCommand} context={context} onRun={onRun} collapsible label="Fork…" />
    </DocumentToolbar>
  );
}
