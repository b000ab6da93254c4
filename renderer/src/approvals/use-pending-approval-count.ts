import { useCallback } from 'react';
import { useApi, useConnectionState } from '../api/ApiProvider';
import { useApiResource } from '../api/use-api-resource';
import { useIdentity, usePermissionStore } from '../permissions/PermissionProvider';
import { awaitsMe } from './approval-model';
import { useApprovalRefresh } from './use-approval-refresh';

/**
 * How many pending requests the signed-in user may decide on (not their own, not decided yet), for
 * the navigation badge; null when unknown (no permission, an engine without approvals, an error).
 */
export function usePendingApprovalCount(): number | null {
  const api = useApi();
  const store = usePermissionStore();
  const identity = useIdentity();
  const connected = useConnectionState().status === 'open';
  const allowed = connected && store.can('listApprovalRequests') && store.can('approveApprovalRequest');
  const refresh = useApprovalRefresh(allowed, 10_000);
  const load = useCallback(() => api.listApprovalRequests({ status: 'pending' }), [api]);
  const pending = useApiResource(allowed ? load : null, null, refresh);
  if (!allowed || pending.value === null) return null;
  const who = identity.status === 'known' ? identity.who : null;
  return pending.value.filter((request) => awaitsMe(request, who)).length;
}
