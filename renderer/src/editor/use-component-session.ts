import { useEffect, useState, useSyncExternalStore } from 'react';
import type { NimbusApi } from '../../../engine/api/contract';
import type { Notifier } from '../toasts/ToastProvider';
import { ComponentSession, type ComponentApi, type ComponentSessionSnapshot } from './component-session';

/** A ComponentSession owned by a component: its snapshot re-renders the component; live notices of drafts reach it. */
export function useComponentSession(
  api: ComponentApi & Pick<NimbusApi, 'onTopologyEvent'>,
  notifier: Pick<Notifier, 'error'>,
): { session: ComponentSession; snapshot: ComponentSessionSnapshot } {
  const [session] = useState(() => new ComponentSession(api, notifier));
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot);
  useEffect(
    () =>
      api.onTopologyEvent?.((event) => {
        if (event.type === 'draft.changed' && event.kind === 'component')
          void session.draftChanged(event.name, event.userName ?? event.userId);
      }),
    [api, session],
  );
  return { session, snapshot };
}
