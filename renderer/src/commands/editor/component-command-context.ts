/** What component-editor commands may look at and use; built by the Components page on every render. */
export interface ComponentCommandContext {
  /** A component is open (its draft or one of its versions). */
  hasComponent: boolean;
  /** A published version is shown: it cannot change. */
  readOnly: boolean;
  dirty: boolean;
  canUndo: boolean;
  canRedo: boolean;
  undo(): void;
  redo(): void;
  saving: boolean;
  save(): Promise<unknown>;
  /** A run of "Try it" is under way. */
  trying: boolean;
  tryIt(): Promise<void>;
  publish(): Promise<void>;
}
