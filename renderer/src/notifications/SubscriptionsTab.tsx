import { useCallback, useState } from 'react';
import { useApi } from '../api/ApiProvider';
import { useApiResource } from '../api/use-api-resource';
import { useBlockedReason } from '../permissions/PermissionProvider';
import { blockedProps } from '../permissions/blocked-props';
import { useNotifier } from '../toasts/ToastProvider';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { EmptyState } from '../ui/EmptyState';
import { Icon } from '../ui/Icon';
import type { Channel } from './ChannelsTab';
import { Loading } from './DeadLettersTab';
import { LoadProblem } from './LoadProblem';
import { describeNotificationError } from './notification-error';
import { SubscribeDialog, type Subscription } from './SubscribeDialog';

/** Who hears about what, per environment: every subscription of the tenant for managers, one's own otherwise. */
export function SubscriptionsTab({ channels, refreshKey }: { channels: readonly Channel[]; refreshKey: unknown }) {
  const api = useApi();
  const notifier = useNotifier();
  const load = useCallback(() => api.listNotificationSubscriptions({}), [api]);
  const subscriptions = useApiResource(load, null, refreshKey);
  const subscribeBlocked = useBlockedReason('subscribeNotifications');
  const unsubscribeBlocked = useBlockedReason('unsubscribeNotifications');
  const manager = useBlockedReason('createNotificationChannel') === null;
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Subscription | null>(null);
  const names = new Map(channels.map((c) => [c.id, c.name]));
  const channelName = (s: Subscription) => (s.channelId === 'in-app' ? 'In-app' : (names.get(s.channelId) ?? s.channelId));

  const unsubscribe = async (subscription: Subscription) => {
    try {
      await api.unsubscribeNotifications({ id: subscription.id });
    } catch (error) {
      notifier.error(`Could not remove the subscription: ${describeNotificationError(error).title}`, error);
    }
    subscriptions.reload();
  };

  const addButton = (
    <button
      type="button"
      className="button button--primary button--small"
      onClick={() => setAdding(true)}
      {...blockedProps(subscribeBlocked)}
      data-testid="subscription-add"
    >
      <Icon name="plus" size={14} />
      Add subscription
    </button>
  );

  let body;
  if (subscriptions.value === null)
    body = subscriptions.error ? (
      <LoadProblem error={subscriptions.error} what="the subscriptions" onRetry={subscriptions.reload} />
    ) : (
      <Loading />
    );
  else if (subscriptions.value.length === 0)
    body = (
      <EmptyState icon="bell" title="Nobody subscribed yet" testId="subscriptions-empty" action={addButton}>
        A subscription sends an event type (a failed deploy, drift, an approval) to a channel: your bell, an email address or a webhook.
      </EmptyState>
    );
  else
    body = (
      <div className="table-scroll">
        <table className="data-table" data-testid="subscriptions-table">
          <caption className="visually-hidden">Notification subscriptions</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Channel</th>
              <th scope="col">Recipient</th>
              <th scope="col">Environment</th>
              <th scope="col">Added by</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {subscriptions.value.map((s) => (
              <tr key={s.id} data-testid="subscription-row">
                <td className="mono">{s.eventType}</td>
                <td>{channelName(s)}</td>
                <td>{s.recipient ?? <span className="muted">—</span>}</td>
                <td>{s.environment ?? <span className="muted">Every environment</span>}</td>
                <td>{s.createdBy}</td>
                <td>
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => setRemoving(s)}
                    {...blockedProps(unsubscribeBlocked)}
                    aria-label={`Remove the subscription to ${s.eventType} on ${channelName(s)}`}
                    data-testid="subscription-remove"
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );

  return (
    <>
      {subscriptions.value !== null && subscriptions.value.length > 0 && <div className="notify-toolbar">{addButton}</div>}
      {body}
      {adding && (
        <SubscribeDialog
          channels={channels}
          manager={manager}
          onCancel={() => setAdding(false)}
          onDone={() => {
            setAdding(false);
            subscriptions.reload();
          }}
        />
      )}
      {removing && (
        <ConfirmDialog
          title="Remove this subscription?"
          message={`${channelName(removing)}${removing.recipient ? ` (${removing.recipient})` : ''} will no longer hear about ${removing.eventType}${
            removing.environment ? ` in ${removing.environment}` : ''
          }. Notifications already queued are still delivered.`}
          confirmLabel="Remove"
          danger
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            const subscription = removing;
            setRemoving(null);
            void unsubscribe(subscription);
          }}
        />
      )}
    </>
  );
}
