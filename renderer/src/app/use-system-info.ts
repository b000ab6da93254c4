import { useEffect, useState } from 'react';
import type { SystemInfo } from '../../../engine/api/contract';
import { useApi, useConnectionState } from '../api/ApiProvider';

/** Version and backend of the engine; fetched again after a reconnect, which may be a new server. */
export function useSystemInfo(): SystemInfo | null {
  const api = useApi();
  const connected = useConnectionState().status === 'open';
  const [info, setInfo] = useState<SystemInfo | null>(null);
  useEffect(() => {
    if (!connected) return;
    let cancelled = false;
    api.getSystemInfo({}).then(
      (value) => {
        if (!cancelled) setInfo(value);
      },
      () => {
        // The status bar already shows the connection problem; nothing more to say here.
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, connected]);
  return info;
}
