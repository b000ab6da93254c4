import { useCallback } from 'react';
import { isApiError } from '../api/api-error';
import { useApi } from '../api/ApiProvider';
import { describeOfflineReplica } from './sync-status-text';
import { usePolling } from './use-polling';

/**
 * A small read-only hint over the pages while the shared server cannot be reached and they show what
 * this desktop kept of it: *Offline — showing what this desktop kept (synced 14:02). Read-only until
 * the server answers.* It goes away by itself once the server answers again.
 */
export function OfflineReplicaHint() {
  const api = useApi();
  const load = useCallback(() => api.syncStatus({}), [api]);
  const { value } = usePolling(load, true, { stopOn: (failure) => isApiError(failure, 'local_only') });
  const hint = value ? describeOfflineReplica(value) : null;
  if (!hint) return null;
  return (
    <div className="offline-replica-hint" role="status" data-testid="offline-replica-hint">
      {hint}
    </div>
  );
}
