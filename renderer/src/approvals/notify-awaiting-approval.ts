import type { Notifier } from '../toasts/ToastProvider';
import { pendingRequestId } from './approval-model';

/**
 * When `error` is an `approval_pending` refusal, tells the user `what` awaits approval, with a link to
 * the request, and answers true; any other error is left to the caller.
 */
export function notifyAwaitingApproval(notifier: Pick<Notifier, 'show'>, what: string, error: unknown): boolean {
  const requestId = pendingRequestId(error);
  if (requestId === null) return false;
  notifier.show({
    kind: 'info',
    title: `${what} awaits approval`,
    message: 'Nothing runs until approvers agree; it starts by itself once approved.',
    link: { href: `#/approvals/${encodeURIComponent(requestId)}`, label: 'Open the request in Approvals' },
  });
  return true;
}
