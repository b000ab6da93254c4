/** What stack-editor commands may look at and use; built by the Stacks page on every render. */
export interface StackCommandContext {
  /** A stack's draft is open (not a published version). */
  editing: boolean;
  canUndo: boolean;
  canRedo: boolean;
  undo(): void;
  redo(): void;
  newStack(): void;
  /** Why publishing is not possible now (problems, unsaved edits), or null. */
  publishBlocked: string | null;
  publish(): void;
  /** Why forking is not possible now (nothing published yet), or null. */
  forkBlocked: string | null;
  fork(): void;
}
