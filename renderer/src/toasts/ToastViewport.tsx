import { useSyncExternalStore } from 'react';
import type { ToastStore } from './toast-store';

export function ToastViewport({ store }: { store: ToastStore }) {
  const toasts = useSyncExternalStore(store.subscribe, store.getSnapshot);
  return (
    <div className="toast-viewport" aria-live="polite">
      {toasts.map((toast) => (
        <div
          key={toast.id}
          className={`toast toast--${toast.kind}`}
          role={toast.kind === 'error' ? 'alert' : 'status'}
          data-testid="toast"
          data-kind={toast.kind}
        >
          <div className="toast__body">
            <div className="toast__title">{toast.title}</div>
            {toast.message && <div className="toast__message">{toast.message}</div>}
            {toast.details.length > 0 && (
              <ul className="toast__details">
                {toast.details.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            )}
            {toast.link && (
              <a className="toast__link" href={toast.link.href} data-testid="toast-link">
                {toast.link.label}
              </a>
            )}
          </div>
          <button type="button" className="icon-button toast__close" aria-label="Dismiss" onClick={() => store.dismiss(toast.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
