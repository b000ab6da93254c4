import type { ApprovalNotice as RequestNotice, ApprovalNotifier } from '../approvals/approval-notifier.js';
import { runAsTenantWork } from '../context/tenant-scope.js';
import { notifyApproval } from './engine-events.js';
import type { NotificationService } from './notification-service.js';

/**
 * The notification gateway as the approvals engine's notifier: a request waiting for approvers, a
 * decision (or lapse), a request about to expire become `approval.*` notifications in the request's
 * tenant, for their subscribers; the requester also hears of the decision in the app.
 */
export function approvalNotifications(notifications: NotificationService): ApprovalNotifier {
  const title = (notice: RequestNotice) => `${notice.request.action} of ${notice.request.subject} in ${notice.request.environment}`;
  const inTenant = (notice: RequestNotice, work: () => Promise<number>) =>
    runAsTenantWork(notice.tenant, 'approval-notice', work).then(() => undefined);
  return {
    requested: (notice) =>
      inTenant(notice, () =>
        notifyApproval(notifications, {
          type: 'approval.requested',
          approvalId: notice.request.id,
          title: title(notice),
          environment: notice.request.environment,
          requestedBy: notice.request.requester,
          expiresAt: notice.request.expiresAt,
        }),
      ),
    decided: (notice) => {
      const { request } = notice;
      const last = request.decisions.at(-1);
      const decision =
        request.status === 'approved' || request.status === 'rejected' || request.status === 'expired' ? request.status : 'cancelled';
      return inTenant(notice, () =>
        notifyApproval(notifications, {
          type: 'approval.decided',
          approvalId: request.id,
          title: title(notice),
          environment: request.environment,
          decision,
          decidedBy: last?.by ?? 'nimbus',
          ...(last?.comment ? { comment: last.comment } : {}),
          approvers: [request.requester],
        }),
      );
    },
    expiring: (notice) =>
      inTenant(notice, () =>
        notifyApproval(notifications, {
          type: 'approval.expiring',
          approvalId: notice.request.id,
          title: title(notice),
          environment: notice.request.environment,
          expiresAt: notice.request.expiresAt,
        }),
      ),
  };
}
