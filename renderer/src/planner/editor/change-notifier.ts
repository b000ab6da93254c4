import type { Disposable } from '../../lifecycle/disposable-store';

/** Batches change reports to one per animation frame (see `PlannerEditorDeps.onChange`). */
export interface ChangeNotifier extends Disposable {
  /** Something changed; `documentChanged` is false for selection-only changes. */
  notify(documentChanged: boolean): void;
}

/**
 * Reports changes at most once per animation frame, saying whether any of them changed the document.
 * Nothing is reported while `muted()` (a load under way) or once disposed.
 */
export function createChangeNotifier(options: { muted(): boolean; onChange?(change: { documentChanged: boolean }): void }): ChangeNotifier {
  let pendingFrame: number | null = null;
  let pendingDocumentChange = false;
  let disposed = false;
  return {
    notify(documentChanged) {
      if (options.muted() || disposed) return;
      pendingDocumentChange ||= documentChanged;
      if (pendingFrame !== null) return;
      pendingFrame = requestAnimationFrame(() => {
        pendingFrame = null;
        const changed = pendingDocumentChange;
        pendingDocumentChange = false;
        if (!disposed) options.onChange?.({ documentChanged: changed });
      });
    },
    dispose() {
      disposed = true;
      if (pendingFrame !== null) cancelAnimationFrame(pendingFrame);
      pendingFrame = null;
    },
  };
}
