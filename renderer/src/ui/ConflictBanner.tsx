export interface RevisionConflict {
  yours: number;
  theirs: number | null;
}

export interface ConflictBannerProps {
  /** What was being saved, e.g. "topology" or "component". */
  subject: string;
  conflict: RevisionConflict;
  onReload(): void;
  onDismiss(): void;
  /** Whether unsaved edits survive the reload as a draft offered afterwards (the planner autosaves them). */
  keepsDraft?: boolean;
}

/** Shown when a save is refused because someone saved a newer revision in between. */
export function ConflictBanner({ subject, conflict, onReload, onDismiss, keepsDraft = false }: ConflictBannerProps) {
  const theirs = conflict.theirs === null ? 'a newer revision' : `revision ${conflict.theirs}`;
  return (
    <div className="banner banner--warning" role="alert" data-testid="conflict-banner">
      <div className="banner__text">
        <strong>Not saved: this {subject} was changed elsewhere.</strong> You edited revision {conflict.yours}; it is now at {theirs}.
        Reload it to get the latest version, then apply your changes again.{' '}
        {keepsDraft
          ? 'Your unsaved changes are kept as a draft: after reloading you can restore them or discard them.'
          : 'Reloading discards your unsaved changes here.'}
      </div>
      <div className="banner__actions">
        <button type="button" className="button button--small" onClick={onDismiss}>
          Keep editing
        </button>
        <button type="button" className="button button--small button--primary" onClick={onReload} data-testid="conflict-reload">
          Reload {subject}
        </button>
      </div>
    </div>
  );
}
