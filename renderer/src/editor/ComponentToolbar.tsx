import type { Command } from '../commands/command';
import { CommandButton } from '../commands/CommandButton';
import {
  publishComponentCommand,
  redoComponentEditCommand,
  saveComponentCommand,
  tryComponentCommand,
  undoComponentEditCommand,
  type ComponentCommandContext,
} from '../commands/editor';
import type { ComponentVersionInfo } from '../api/entities';
import { DocumentToolbar } from '../ui/DocumentToolbar';
import { MarkerCount } from './MarkerCount';
import type { MarkerSummary } from './monaco/marker-summary';

export interface ComponentToolbarProps {
  name: string;
  revision: number;
  versions: readonly ComponentVersionInfo[];
  /** The version shown read-only, or null for the draft. */
  viewing: number | null;
  markers: MarkerSummary;
  tryOpen: boolean;
  context: ComponentCommandContext;
  onRun(command: Command<ComponentCommandContext>): void;
  onOpenVersion(version: number | null): void;
}

/** Which component and version is open, its problems, and the commands: undo, redo, try it, publish, save. */
export function ComponentToolbar({
  name,
  revision,
  versions,
  viewing,
  markers,
  tryOpen,
  context,
  onRun,
  onOpenVersion,
}: ComponentToolbarProps) {
  const newestFirst = [...versions].sort((a, b) => b.version - a.version);
  return (
    <DocumentToolbar
      label="Component"
      testId="component-toolbar"
      name={name}
      nameTestId="component-name"
      revision={revision}
      dirty={context.dirty}
      saving={context.saving}
      saveButton={<CommandButton command={saveComponentCommand} context={context} onRun={onRun} primary={!context.readOnly} label="Save" />}
    >
      <label className="toolbar__field">
        <span className="visually-hidden">Version shown</span>
        <select
          className="input input--small select component-version-picker"
          value={viewing === null ? 'draft' : String(viewing)}
          onChange={(event) => onOpenVersion(event.target.value === 'draft' ? null : Number(event.target.value))}
          data-testid="version-picker"
        >
          <option value="draft">Draft</option>
          {newestFirst.map((version) => (
            <option key={version.version} value={version.version}>
              v{version.version} · read-only
            </option>
          ))}
        </select>
      </label>
      <CommandButton command={undoComponentEditCommand} context={context} onRun={onRun} iconOnly />
      <CommandButton command={redoComponentEditCommand} context={context} onRun={onRun} iconOnly />
      <MarkerCount summary={markers} />
      <CommandButton command={tryComponentCommand} context={context} onRun={onRun} pressed={tryOpen} collapsible />
      <CommandButton command={publishComponentCommand} context={context} onRun={onRun} collapsible="early" />
    </DocumentToolbar>
  );
}
