import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { CHANGE_QUEUED_MESSAGE, CHANGE_QUEUED_TITLE, isChangeQueued } from '../sync/change-queued';
import { describeError } from './describe-error';
import { ToastStore, type ToastInput } from './toast-store';
import { ToastViewport } from './ToastViewport';

export interface Notifier {
  show(toast: ToastInput): void;
  /** Shows a failure with the engine's message, under a title saying what was being attempted. */
  error(title: string, error: unknown): void;
  success(title: string, message?: string): void;
}

const NotifierContext = createContext<Notifier | null>(null);

export function ToastProvider({ children }: { children: ReactNode }) {
  const [store] = useState(() => new ToastStore());
  useEffect(() => () => store.dispose(), [store]);
  const notifier = useMemo<Notifier>(
    () => ({
      show: (toast) => store.show(toast),
      error: (title, error) => {
        // Not a failure: the change waits in the outbox and is sent when the server is back.
        if (isChangeQueued(error)) {
          store.show({ kind: 'info', title: CHANGE_QUEUED_TITLE, message: CHANGE_QUEUED_MESSAGE });
          return;
        }
        const { message, details } = describeError(error);
        store.show({ kind: 'error', title, message, details });
      },
      success: (title, message = '') => store.show({ kind: 'success', title, message }),
    }),
    [store],
  );
  return (
    <NotifierContext.Provider value={notifier}>
      {children}
      <ToastViewport store={store} />
    </NotifierContext.Provider>
  );
}

export function useNotifier(): Notifier {
  const notifier = useContext(NotifierContext);
  if (!notifier) throw new Error('useNotifier must be used inside <ToastProvider>');
  return notifier;
}
