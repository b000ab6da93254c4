import type { HistoryAction } from 'rete-history-plugin';

/**
 * An undoable change the history plugin's presets do not know (node parameters, labels): it holds the
 * value before and after, and `apply` puts one of them back on the canvas.
 */
export class NodeEditAction<T> implements HistoryAction {
  constructor(
    private readonly apply: (value: T) => void | Promise<void>,
    private readonly before: T,
    private readonly after: T,
  ) {}

  async undo(): Promise<void> {
    await this.apply(this.before);
  }

  async redo(): Promise<void> {
    await this.apply(this.after);
  }
}
