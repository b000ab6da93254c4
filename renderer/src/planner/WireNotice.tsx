import { useCallback, useEffect, useState } from 'react';
import { Icon } from '../ui/Icon';

/** How long a refusal stays on screen unless dismissed. */
const NOTICE_MS = 8000;

export interface WireNoticeState {
  id: number;
  wire: string;
  reason: string;
}

/** The latest refused wire, cleared after a while. */
export function useWireNotice() {
  const [notice, setNotice] = useState<WireNoticeState | null>(null);
  const show = useCallback((wire: string, reason: string) => setNotice((previous) => ({ id: (previous?.id ?? 0) + 1, wire, reason })), []);
  const dismiss = useCallback(() => setNotice(null), []);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice((current) => (current?.id === notice.id ? null : current)), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);
  return { notice, show, dismiss };
}

/**
 * Says why a wire was refused, next to the canvas. The live region is always there, so screen readers
 * announce each new refusal.
 */
export function WireNotice({ notice, onDismiss }: { notice: WireNoticeState | null; onDismiss(): void }) {
  return (
    <div className="wire-notice-region" role="status" aria-live="polite">
      {notice && (
        <div className="wire-notice" key={notice.id} data-testid="wire-refusal">
          <Icon name="alert" size={16} />
          <span className="wire-notice__text">
            <strong>Cannot wire </strong>
            <span className="mono" data-testid="wire-refusal-wire">
              {notice.wire}
            </span>
            : <span data-testid="wire-refusal-reason">{notice.reason}</span>
          </span>
          <button
            type="button"
            className="button button--icon button--ghost button--small"
            onClick={onDismiss}
            aria-label="Dismiss"
            data-testid="wire-refusal-dismiss"
          >
            <Icon name="close" size={14} />
          </button>
        </div>
      )}
    </div>
  );
}
