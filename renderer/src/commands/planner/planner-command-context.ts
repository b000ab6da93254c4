import type { PlannerEditor, PlannerEditorState } from '../../planner/create-planner-editor';
import type { PlannerFileActions } from '../../planner/files/planner-file-actions';

/** What planner commands may look at and use; built by the planner page on every render. */
export interface PlannerCommandContext {
  editor: PlannerEditor | null;
  editorState: PlannerEditorState;
  /** Opens the quick pick of the catalog that adds a node. */
  openAddNode(): void;
  dirty: boolean;
  saving: boolean;
  save(): Promise<void>;
  /** Whether the plan panel (and the wave numbers on the nodes) is showing. */
  planOpen: boolean;
  togglePlan(): void;
  /** A saved topology is open, so there is something to deploy. */
  canDeploy: boolean;
  openDeploy(): void;
  /** Something of the open topology is deployed in the planner's environment. */
  canDestroy?: boolean;
  /** Opens the destroy confirmation for it. */
  openDestroy?(): void;
  /** Whether the component palette is showing beside the canvas. */
  paletteOpen: boolean;
  togglePalette(): void;
  /** Whether the list of topologies is showing beside the canvas. */
  topologyListOpen: boolean;
  toggleTopologyList(): void;
  /** Whether the inspector and the plan sit beside the canvas (docked) or float over it. */
  panelsDocked: boolean;
  togglePanelDock(): void;
  /** Shows the palette and puts the focus in its search box. */
  focusPaletteSearch(): void;
  /** Moves the focus into the inspector of the selected node. */
  focusInspector(): void;
  /** Opening and exporting topology files and pictures. */
  files: PlannerFileActions;
}

export type { Command } from '../command';
