import { useEffect, useState, useSyncExternalStore } from 'react';
import { useApi } from '../api/ApiProvider';
import { AuditSession, type AuditSnapshot } from './audit-session';

/** The Audit page's session, made once per mounted page, with its snapshot. */
export function useAuditSession(): { session: AuditSession; snapshot: AuditSnapshot } {
  const api = useApi();
  const [session] = useState(() => new AuditSession(api));
  useEffect(() => () => session.dispose(), [session]);
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot);
  return { session, snapshot };
}
