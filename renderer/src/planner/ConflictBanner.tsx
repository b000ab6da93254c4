import type { RevisionConflict } from './use-topology-session';

export interface ConflictBannerProps {
  conflict: RevisionConflict;
  onReload(): void;
  onDismiss(): void;
}

export function ConflictBanner({ conflict, onReload, onDismiss }: ConflictBannerProps) {
  const theirs = conflict.theirs === null ? 'a newer revision' : `revision ${conflict.theirs}`;
  return (
    <div className="banner banner--warning" role="alert" data-testid="conflict-banner">
      <div className="banner__text">
        <strong>Not saved: this topology was changed elsewhere.</strong> You edited revision {conflict.yours}; it is now at {theirs}. Reload
        it to get the latest version, then apply your changes again. Reloading discards the changes on this canvas.
      </div>
      <div className="banner__actions">
        <button type="button" className="button button--small" onClick={onDismiss}>
          Keep editing
        </button>
        <button type="button" className="button button--small button--primary" onClick={onReload} data-testid="conflict-reload">
          Reload topology
        </button>
      </div>
    </div>
  );
}
