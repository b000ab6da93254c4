import { useCallback, useMemo, useState } from 'react';
import { useApi } from '../api/ApiProvider';
import { useApiResource } from '../api/use-api-resource';
import { useBlockedReason } from '../permissions/PermissionProvider';
import { blockedProps } from '../permissions/blocked-props';
import { useNotifier } from '../toasts/ToastProvider';
import { EmptyState } from '../ui/EmptyState';
import { Icon } from '../ui/Icon';
import { Tabs } from '../ui/Tabs';
import { useReactivation } from '../ui/use-reactivation';
import { ChannelsTab } from './ChannelsTab';
import { DeadLettersTab } from './DeadLettersTab';
import { DeliveryLogTab } from './DeliveryLogTab';
import { SendTestDialog } from './SendTestDialog';
import { SubscriptionsTab } from './SubscriptionsTab';
import { TemplatesTab } from './TemplatesTab';

const TABS = [
  { id: 'dead-letters', label: 'Dead letters' },
  { id: 'log', label: 'Delivery log' },
  { id: 'channels', label: 'Channels' },
  { id: 'subscriptions', label: 'Subscriptions' },
  { id: 'templates', label: 'Templates' },
] as const;
type TabId = (typeof TABS)[number]['id'];
const isTab = (value: string | undefined): value is TabId => TABS.some((tab) => tab.id === value);

/**
 * Notifications for those who run them: dead letters (retry, discard), the delivery log, channels,
 * subscriptions and templates; the tab is part of the route (`#/notifications/dead-letters`).
 */
export function NotificationsPage({
  active,
  routeId,
  onRouteChange,
}: {
  active: boolean;
  routeId: string | undefined;
  onRouteChange(tab: TabId): void;
}) {
  const api = useApi();
  const notifier = useNotifier();
  const tab: TabId = isTab(routeId) ? routeId : 'dead-letters';
  const reactivation = useReactivation(active);
  const [changes, setChanges] = useState(0);
  const refreshKey = `${reactivation}:${changes}`;
  // Subscriptions are everyone's (their own); the rest is for those who may read the delivery log.
  const readBlocked = useBlockedReason('listNotifications');
  const loadChannels = useCallback(() => api.listNotificationChannels({}), [api]);
  const channels = useApiResource(active && readBlocked === null ? loadChannels : null, null, refreshKey);
  const channelNames = useMemo(() => new Map((channels.value ?? []).map((c) => [c.id, c.name])), [channels.value]);
  const testBlocked = useBlockedReason('sendTestNotification');
  const [testing, setTesting] = useState(false);

  return (
    <div className="page page--scroll notify-page" hidden={!active} data-testid="notifications-page">
      <div className="page__content page__content--wide">
        <header className="page__header">
          <div>
            <h1 className="page__title">Notifications</h1>
            <p className="page__subtitle">What Nimbus sent, to whom and how it went; channels, subscriptions and templates.</p>
          </div>
          <div className="audit-page__actions">
            <button
              type="button"
              className="button button--small"
              onClick={() => setTesting(true)}
              {...blockedProps(testBlocked)}
              data-testid="send-test"
            >
              <Icon name="bell" size={14} />
              Send test notification
            </button>
          </div>
        </header>
        {active && (
          <Tabs label="Notifications" tabs={TABS} current={tab} onChange={onRouteChange} idPrefix="notify-tab">
            {readBlocked !== null && tab !== 'subscriptions' ? (
              <EmptyState icon="lock" title="Not allowed" testId="notifications-forbidden">
                {readBlocked}: the delivery log, dead letters, channels and templates need notification:read. Your own in-app subscriptions
                are under Subscriptions.
              </EmptyState>
            ) : null}
            {readBlocked === null && tab === 'dead-letters' && <DeadLettersTab channelNames={channelNames} refreshKey={refreshKey} />}
            {readBlocked === null && tab === 'log' && <DeliveryLogTab channelNames={channelNames} refreshKey={refreshKey} />}
            {readBlocked === null && tab === 'channels' && <ChannelsTab channels={channels} onChanged={() => setChanges((n) => n + 1)} />}
            {tab === 'subscriptions' && <SubscriptionsTab channels={channels.value ?? []} refreshKey={refreshKey} />}
            {readBlocked === null && tab === 'templates' && <TemplatesTab refreshKey={refreshKey} />}
          </Tabs>
        )}
      </div>
      {testing && (
        <SendTestDialog
          onCancel={() => setTesting(false)}
          onSent={(queued, eventType) => {
            setTesting(false);
            setChanges((n) => n + 1);
            notifier.success(
              queued === 0 ? 'Nobody is subscribed' : 'Test notification queued',
              queued === 0
                ? `No subscription hears about ${eventType}; add one under Subscriptions.`
                : `${queued} ${queued === 1 ? 'notification' : 'notifications'} of ${eventType}; the delivery log shows how they go.`,
            );
          }}
        />
      )}
    </div>
  );
}
