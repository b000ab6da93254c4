import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { NimbusApi } from '../../../engine/api/contract';
import type { ApiConnection, ConnectionState } from './connection';

const ApiContext = createContext<ApiConnection | null>(null);

export function ApiProvider({ connection, children }: { connection: ApiConnection; children: ReactNode }) {
  return <ApiContext.Provider value={connection}>{children}</ApiContext.Provider>;
}

export function useApiConnection(): ApiConnection {
  const connection = useContext(ApiContext);
  if (!connection) throw new Error('useApiConnection must be used inside <ApiProvider>');
  return connection;
}

export function useApi(): NimbusApi {
  return useApiConnection().api;
}

export function useConnectionState(): ConnectionState {
  const connection = useApiConnection();
  return useSyncExternalStore(
    (onChange) => connection.onStateChange(onChange),
    () => connection.getState(),
  );
}
