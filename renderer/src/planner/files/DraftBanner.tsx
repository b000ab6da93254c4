import type { DraftOffer } from '../use-topology-session';

export interface DraftBannerProps {
  offer: DraftOffer;
  onRestore(): void;
  onDiscard(): void;
}

const formatTime = (iso: string): string => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
};

/** Offers the unsaved edits autosaved in an earlier session (a reload, a crash, a closed window). */
export function DraftBanner({ offer, onRestore, onDiscard }: DraftBannerProps) {
  const { draft, currentRevision } = offer;
  const movedOn = currentRevision !== draft.baseRevision;
  return (
    <div className="banner banner--warning" role="status" data-testid="draft-banner">
      <div className="banner__text">
        <strong>Unsaved changes from {formatTime(draft.savedAt)} were kept.</strong>
        {movedOn && (
          <>
            {' '}
            They were made on revision {draft.baseRevision}; the topology has been saved since (revision {currentRevision}). Saving them
            will ask how to resolve the conflict.
          </>
        )}
      </div>
      <div className="banner__actions">
        <button type="button" className="button button--small" onClick={onDiscard} data-testid="draft-discard">
          Discard
        </button>
        <button type="button" className="button button--small button--primary" onClick={onRestore} data-testid="draft-restore">
          Restore
        </button>
      </div>
    </div>
  );
}
