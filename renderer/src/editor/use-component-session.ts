import { useState, useSyncExternalStore } from 'react';
import type { Notifier } from '../toasts/ToastProvider';
import { ComponentSession, type ComponentApi, type ComponentSessionSnapshot } from './component-session';

/** A ComponentSession owned by a component: its snapshot re-renders the component. */
export function useComponentSession(
  api: ComponentApi,
  notifier: Pick<Notifier, 'error'>,
): { session: ComponentSession; snapshot: ComponentSessionSnapshot } {
  const [session] = useState(() => new ComponentSession(api, notifier));
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot);
  return { session, snapshot };
}
