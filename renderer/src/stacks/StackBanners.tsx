import { Icon } from '../ui/Icon';
import type { RevisionConflict } from '../ui/ConflictBanner';

/**
 * A save refused because the draft changed elsewhere. Unlike a plain reload, nothing here loses
 * edits: "Keep mine" saves this draft over theirs, "Load theirs" replaces it as an undoable step.
 */
export function StackConflictBanner({
  conflict,
  onKeepMine,
  onLoadTheirs,
}: {
  conflict: RevisionConflict;
  onKeepMine(): void;
  onLoadTheirs(): void;
}) {
  const theirs = conflict.theirs === null ? 'a newer revision' : `revision ${conflict.theirs}`;
  return (
    <div className="banner banner--warning" role="alert" data-testid="conflict-banner">
      <div className="banner__text">
        <strong>Not saved: this draft was changed elsewhere.</strong> You edited revision {conflict.yours}; it is now at {theirs}. Your
        edits are kept here. Keep yours (saves over theirs), or load theirs — Ctrl+Z then brings yours back.
      </div>
      <div className="banner__actions">
        <button type="button" className="button button--small" onClick={onLoadTheirs} data-testid="conflict-load-theirs">
          Load theirs
        </button>
        <button type="button" className="button button--small button--primary" onClick={onKeepMine} data-testid="conflict-keep-mine">
          Keep mine
        </button>
      </div>
    </div>
  );
}

/** Edits the engine will not store (a field it cannot accept at all); they stay here until fixed. */
export function RejectedBanner({ message }: { message: string }) {
  return (
    <div className="banner banner--danger" role="alert" data-testid="save-rejected">
      <Icon name="alert" size={16} />
      <div className="banner__text">
        <strong>Latest edits not saved.</strong> {message}. Fix the fields marked below (see Problems); the draft saves as soon as they are
        valid.
      </div>
    </div>
  );
}

/** Shown over a published version: it cannot change, and the draft is one click away. */
export function VersionBanner({ version, onEditDraft }: { version: number; onEditDraft(): void }) {
  return (
    <div className="banner banner--info" role="status" data-testid="readonly-banner">
      <Icon name="lock" size={16} />
      <div className="banner__text">
        <strong>Version {version} is published and cannot change.</strong> Instances pinned to v{version} run exactly this. Edit the draft
        to change the next version.
      </div>
      <div className="banner__actions">
        <button type="button" className="button button--small button--primary" onClick={onEditDraft} data-testid="edit-draft">
          Edit the draft
        </button>
      </div>
    </div>
  );
}
