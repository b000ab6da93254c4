import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
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
