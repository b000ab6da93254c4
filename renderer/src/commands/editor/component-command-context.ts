/** What component-editor commands may look at and use; built by the Components page on every render. */
export interface ComponentCommandContext {
  hasDraft: boolean;
  dirty: boolean;
  saving: boolean;
  save(): Promise<void>;
}
