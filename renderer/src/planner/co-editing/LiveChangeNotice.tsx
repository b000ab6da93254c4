import { Icon } from '../../ui/Icon';
import type { LiveChangeNotice as Notice } from './use-co-editing';

/**
 * Says, small and at the canvas' foot, that another user's change is now on the canvas. The live
 * region is always there, so screen readers announce each change.
 */
export function LiveChangeNotice({ notice, onDismiss }: { notice: Notice | null; onDismiss(): void }) {
  return (
    <div role="status" aria-live="polite">
      {notice && (
        <div className="live-change-notice" key={notice.id} data-testid="live-change-notice">
          <Icon name="refresh" size={14} />
          <span data-testid="live-change-text">{notice.text}</span>
          <button type="button" className="button button--icon button--ghost button--small" onClick={onDismiss} aria-label="Dismiss">
            <Icon name="close" size={14} />
          </button>
        </div>
      )}
    </div>
  );
}
