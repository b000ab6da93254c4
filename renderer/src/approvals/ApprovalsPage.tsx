import { useCallback, useState } from 'react';
import { useApi } from '../api/ApiProvider';
import { useApiResource } from '../api/use-api-resource';
import { useReactivation } from '../ui/use-reactivation';
import { EmptyState } from '../ui/EmptyState';
import { Icon } from '../ui/Icon';
import { Tabs } from '../ui/Tabs';
import { describeApprovalError, type ApprovalStatusFilter, type ApprovalSummary } from './approval-model';
import { ApprovalDetail } from './ApprovalDetail';
import { ApprovalList } from './ApprovalList';
import { PoliciesSection } from './PoliciesSection';
import { useApprovalRefresh } from './use-approval-refresh';

type TabId = ApprovalStatusFilter | 'policies';

const TABS: readonly { id: TabId; label: string }[] = [
  { id: 'pending', label: 'Pending' },
  { id: 'decided', label: 'Decided' },
  { id: 'expired', label: 'Expired and void' },
  { id: 'all', label: 'All' },
  { id: 'policies', label: 'Policies' },
];

const TAB_STATUSES: Record<'decided' | 'expired', readonly ApprovalSummary['status'][]> = {
  decided: ['approved', 'rejected'],
  expired: ['expired', 'void'],
};

const EMPTY_TEXT: Record<ApprovalStatusFilter, { title: string; text: string }> = {
  pending: {
    title: 'Nothing awaits approval',
    text: 'Deploys and destroys in environments with an approval policy wait here until enough approvers agree.',
  },
  decided: { title: 'No decided requests', text: 'Approved and rejected requests are listed here with who decided and why.' },
  expired: {
    title: 'No expired or void requests',
    text: 'Requests nobody decided in time, and approvals whose plan changed, are listed here.',
  },
  all: {
    title: 'No approval requests yet',
    text: 'A deploy or destroy in an environment with an approval policy asks here before it starts.',
  },
};

export interface ApprovalsPageProps {
  active: boolean;
  routeId: string | undefined;
  onOpen(id: string | null): void;
}

/**
 * The approvals inbox: requests by status with their decisions, the plan each approves, approve and
 * reject; and the environments' policies. What is shown is read again every few seconds while the
 * page is visible, so requesters and approvers see each other's decisions without reloading.
 */
export function ApprovalsPage({ active, routeId, onOpen }: ApprovalsPageProps) {
  const api = useApi();
  const [tab, setTab] = useState<TabId>('pending');
  const reactivation = useReactivation(active);
  const live = useApprovalRefresh(active);
  const [decisions, setDecisions] = useState(0);
  const refreshKey = reactivation * 1_000_000 + live * 1000 + decisions;
  const status: ApprovalStatusFilter = tab === 'policies' ? 'all' : tab;
  // The server counts a void request as decided; the inbox shows it beside the expired ones, which
  // both ended without running, so those two tabs read every request and pick their statuses.
  const load = useCallback(
    () =>
      status === 'pending' || status === 'all'
        ? api.listApprovalRequests({ status })
        : api.listApprovalRequests({ status: 'all' }).then((all) => all.filter((request) => TAB_STATUSES[status].includes(request.status))),
    [api, status],
  );
  const requests = useApiResource(active && tab !== 'policies' ? load : null, null, refreshKey);
  const activeId = routeId ?? null;

  let list;
  if (requests.value === null) {
    list = requests.error ? (
      <EmptyState
        icon="alert"
        title={describeApprovalError(requests.error).title}
        testId="approvals-error"
        action={
          <button type="button" className="button" onClick={requests.reload}>
            Try again
          </button>
        }
      >
        {describeApprovalError(requests.error).message}
      </EmptyState>
    ) : (
      <div className="page__loading" role="status">
        Loading approval requests…
      </div>
    );
  } else if (requests.value.length === 0) {
    const empty = EMPTY_TEXT[status];
    list = (
      <EmptyState icon="check" title={empty.title} testId="approvals-empty">
        {empty.text}
      </EmptyState>
    );
  } else {
    list = <ApprovalList requests={requests.value} activeId={activeId} onOpen={onOpen} />;
  }

  return (
    <div className="page page--scroll approvals-page" hidden={!active} data-testid="approvals-page">
      <div className="page__content page__content--wide">
        <header className="page__header">
          <div>
            <h1 className="page__title">Approvals</h1>
            <p className="page__subtitle">Deploys and destroys waiting for approvers, the plans they would run, and who decided.</p>
          </div>
          <button type="button" className="button button--small" onClick={requests.reload} data-testid="approvals-refresh">
            <Icon name="refresh" size={14} />
            Refresh
          </button>
        </header>
        {requests.error !== null && requests.value !== null && (
          <div className="audit-banner audit-banner--danger" role="alert">
            <Icon name="alert" size={16} />
            <span className="audit-banner__text">{describeApprovalError(requests.error).message}</span>
          </div>
        )}
        <Tabs label="Approval requests by status" tabs={TABS} current={tab} onChange={setTab} idPrefix="approvals-tab">
          {tab === 'policies' ? (
            <PoliciesSection />
          ) : (
            <div className="approvals-page__split">
              <div className="approvals-page__list">{list}</div>
              <div className="approvals-page__detail">
                {activeId ? (
                  <ApprovalDetail id={activeId} refreshKey={refreshKey} onDecided={() => setDecisions((count) => count + 1)} />
                ) : (
                  <p className="muted approvals-page__hint">Open a request to see its plan and decide.</p>
                )}
              </div>
            </div>
          )}
        </Tabs>
      </div>
    </div>
  );
}
