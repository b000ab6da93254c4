import type { PlannerEditor, PlannerEditorState } from '../../planner/create-planner-editor';

/** What planner commands may look at and use; built by the planner page on every render. */
export interface PlannerCommandContext {
  editor: PlannerEditor | null;
  editorState: PlannerEditorState;
  /** The component name typed next to "Add node". */
  componentName: string;
  dirty: boolean;
  saving: boolean;
  save(): Promise<void>;
  /** Whether the plan panel is showing beside the canvas. */
  planOpen: boolean;
  togglePlan(): void;
  /** A saved topology is open, so there is something to deploy. */
  canDeploy: boolean;
  openDeploy(): void;
}

export type { Command } from '../command';
