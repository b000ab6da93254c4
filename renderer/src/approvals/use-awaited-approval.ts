import { useCallback, useEffect, useRef } from 'react';
import { useApi } from '../api/ApiProvider';
import { useApiResource } from '../api/use-api-resource';
import type { ApprovalRequest } from './approval-model';
import { useApprovalRefresh } from './use-approval-refresh';

/**
 * Follows the approval request an action waits on (null: none), reading it every few seconds, and
 * calls `onStarted(jobId)` once when approvers let it start, so the screen can follow the job.
 */
export function useAwaitedApproval(requestId: string | null, onStarted: (jobId: string) => void): ApprovalRequest | null {
  const api = useApi();
  const refresh = useApprovalRefresh(requestId !== null);
  const load = useCallback(() => api.getApprovalRequest({ id: requestId ?? '' }), [api, requestId]);
  const request = useApiResource(requestId !== null ? load : null, null, refresh);
  const current = request.value !== null && request.value.id === requestId ? request.value : null;
  const started = useRef<string | null>(null);
  const jobId = current?.jobId ?? null;
  useEffect(() => {
    if (jobId === null || started.current === jobId) return;
    started.current = jobId;
    onStarted(jobId);
  }, [jobId, onStarted]);
  return current;
}
