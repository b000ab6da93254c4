import { useCallback, useState } from 'react';
import { useApi } from '../api/ApiProvider';
import { isApiError } from '../api/api-error';
import { useApiResource } from '../api/use-api-resource';
import { useBlockedReason } from '../permissions/PermissionProvider';
import { blockedProps } from '../permissions/blocked-props';
import { useNotifier } from '../toasts/ToastProvider';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { EmptyState } from '../ui/EmptyState';
import { Icon } from '../ui/Icon';
import { DeliveryTable } from './DeliveryTable';
import { LoadProblem } from './LoadProblem';
import { describeNotificationError } from './notification-error';
import type { NotificationItem } from './notification-link';

/**
 * Notifications that ran out of delivery attempts: Retry sends one again (attempts start over),
 * Discard gives it up after a confirmation saying what is lost.
 */
export function DeadLettersTab({ channelNames, refreshKey }: { channelNames: ReadonlyMap<string, string>; refreshKey: unknown }) {
  const api = useApi();
  const notifier = useNotifier();
  const load = useCallback(() => api.listDeadLetters({ limit: 500 }), [api]);
  const letters = useApiResource(load, null, refreshKey);
  const retryBlocked = useBlockedReason('retryDeadLetter');
  const discardBlocked = useBlockedReason('discardDeadLetter');
  const [busy, setBusy] = useState<string | null>(null);
  const [discarding, setDiscarding] = useState<NotificationItem | null>(null);

  const act = async (row: NotificationItem, action: 'retry' | 'discard') => {
    setBusy(row.id);
    try {
      if (action === 'retry') {
        await api.retryDeadLetter({ id: row.id });
        notifier.success('Sending again', `The ${row.eventType} notification is back in the queue with its attempts starting over.`);
      } else {
        await api.discardDeadLetter({ id: row.id });
        notifier.success('Dead letter discarded', 'It stays in the delivery log as discarded and is never sent.');
      }
    } catch (error) {
      const problem = describeNotificationError(error);
      notifier.error(`${action === 'retry' ? 'Could not retry' : 'Could not discard'}: ${problem.title}`, error);
      if (!isApiError(error, 'not_dead_letter') && !isApiError(error, 'not_found')) return;
    } finally {
      setBusy(null);
    }
    letters.reload();
  };

  if (letters.value === null)
    return letters.error ? <LoadProblem error={letters.error} what="the dead letters" onRetry={letters.reload} /> : <Loading />;
  if (letters.value.length === 0)
    return (
      <EmptyState icon="check" title="No dead letters" testId="dead-letters-empty">
        A notification becomes a dead letter after five failed delivery attempts. None has; the delivery log shows what is on its way.
      </EmptyState>
    );
  return (
    <>
      <div className="notify-toolbar">
        <span className="muted" data-testid="dead-letters-count">
          {letters.value.length} {letters.value.length === 1 ? 'dead letter' : 'dead letters'}, newest first
        </span>
        <button type="button" className="button button--small" onClick={letters.reload} disabled={letters.loading}>
          <Icon name="refresh" size={14} />
          Refresh
        </button>
      </div>
      <DeliveryTable
        caption="Dead letters, newest first"
        rows={letters.value}
        channelNames={channelNames}
        testId="dead-letters"
        actions={(row) => (
          <>
            <button
              type="button"
              className="button button--small"
              onClick={() => void act(row, 'retry')}
              {...blockedProps(retryBlocked, { disabled: busy !== null })}
              aria-label={`Retry the ${row.eventType} notification to ${row.recipient ?? channelNames.get(row.channelId ?? '') ?? 'its channel'}`}
              data-testid="dead-letter-retry"
            >
              Retry
            </button>
            <button
              type="button"
              className="button button--small button--danger"
              onClick={() => setDiscarding(row)}
              {...blockedProps(discardBlocked, { disabled: busy !== null })}
              aria-label={`Discard the ${row.eventType} notification`}
              data-testid="dead-letter-discard"
            >
              Discard
            </button>
          </>
        )}
      />
      {discarding && (
        <ConfirmDialog
          title="Discard this dead letter?"
          message={`The ${discarding.eventType} notification "${discarding.subject}" to ${
            discarding.recipient ?? channelNames.get(discarding.channelId ?? '') ?? 'its channel'
          } will never be sent; it stays in the delivery log as discarded. This cannot be undone.`}
          confirmLabel="Discard"
          danger
          onCancel={() => setDiscarding(null)}
          onConfirm={() => {
            const row = discarding;
            setDiscarding(null);
            void act(row, 'discard');
          }}
        />
      )}
    </>
  );
}

export function Loading() {
  return (
    <div className="page__loading" role="status">
      Loading…
    </div>
  );
}
