import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { MethodName } from '../../../engine/api/contract';
import { useApi, useConnectionState } from '../api/ApiProvider';
import { PermissionStore, type IdentityState } from './permission-store';

const PermissionContext = createContext<PermissionStore | null>(null);

/** Loads who is signed in once the API is connected, and again after every reconnect (it may be another server). */
export function PermissionProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const connected = useConnectionState().status === 'open';
  const [store] = useState(() => new PermissionStore());
  useEffect(() => {
    if (connected) void store.load(api);
  }, [api, connected, store]);
  useEffect(() => () => store.dispose(), [store]);
  return <PermissionContext.Provider value={store}>{children}</PermissionContext.Provider>;
}

/** The permission store; outside a provider (a page rendered alone) one that allows everything. */
export function usePermissionStore(): PermissionStore {
  return useContext(PermissionContext) ?? fallback;
}

const fallback = new PermissionStore();

/** Who is signed in, re-rendering when it becomes known. */
export function useIdentity(): IdentityState {
  const store = usePermissionStore();
  return useSyncExternalStore(
    (listener) => store.subscribe(listener),
    () => store.getState(),
  );
}

/**
 * Why the signed-in user may not take an action that calls `methods`, or null when they may; for
 * a disabled button's tooltip and accessible description.
 */
export function useBlockedReason(...methods: MethodName[]): string | null {
  const store = usePermissionStore();
  useIdentity();
  return store.reasonForAny(methods);
}
