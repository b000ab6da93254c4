import { addFrameCommand } from './add-frame';
import { autoArrangeCommand } from './auto-arrange';
import { copySelectionCommand } from './copy-selection';
import { cutSelectionCommand } from './cut-selection';
import { duplicateSelectionCommand } from './duplicate-selection';
import { openContextMenuCommand } from './open-context-menu';
import { pasteNodesCommand } from './paste-nodes';
import { selectAllCommand } from './select-all';
import { selectDependenciesCommand } from './select-dependencies';
import { toggleMinimapCommand } from './toggle-minimap';

export {
  addFrameCommand,
  autoArrangeCommand,
  copySelectionCommand,
  cutSelectionCommand,
  duplicateSelectionCommand,
  openContextMenuCommand,
  pasteNodesCommand,
  selectAllCommand,
  selectDependenciesCommand,
  toggleMinimapCommand,
};

/** The canvas editing commands: selection, clipboard, layout, frames and the minimap. */
export const plannerEditingCommands = [
  selectAllCommand,
  selectDependenciesCommand,
  copySelectionCommand,
  cutSelectionCommand,
  pasteNodesCommand,
  duplicateSelectionCommand,
  autoArrangeCommand,
  addFrameCommand,
  toggleMinimapCommand,
  openContextMenuCommand,
] as const;
