import { useCallback, useState } from 'react';
import type { MethodOutput } from '../../../engine/api/contract';
import type { NotificationEventType } from '../../../engine/common/notification-events';
import { useApi } from '../api/ApiProvider';
import { useApiResource } from '../api/use-api-resource';
import { Field, FormDialog } from '../ui/FormDialog';
import type { Channel } from './ChannelsTab';
import { EVENT_DESCRIPTION, EVENT_TYPES } from './event-labels';

export type Subscription = MethodOutput<'listNotificationSubscriptions'>[number];

/** Who hears about what: an event type on a channel (in-app for oneself), optionally one environment only. */
export function SubscribeDialog({
  channels,
  manager,
  onDone,
  onCancel,
}: {
  channels: readonly Channel[];
  /** Whether the user may subscribe others (email recipients, webhooks); others subscribe only themselves in-app. */
  manager: boolean;
  onDone(): void;
  onCancel(): void;
}) {
  const api = useApi();
  const loadEnvironments = useCallback(() => api.listEnvironments({}), [api]);
  const environments = useApiResource(loadEnvironments, null);
  const [eventType, setEventType] = useState<NotificationEventType>('deploy.failed');
  const [channel, setChannel] = useState('in-app');
  const [recipient, setRecipient] = useState('');
  const [environment, setEnvironment] = useState('');
  const chosen = channels.find((c) => c.id === channel);

  const submit = async () => {
    await api.subscribeNotifications({
      eventType,
      channel,
      ...(chosen?.kind === 'email' ? { recipient: recipient.trim() } : {}),
      ...(environment ? { environment } : {}),
    });
    onDone();
  };

  return (
    <FormDialog name="subscribe" title="Add a subscription" submitLabel="Subscribe" onSubmit={submit} onCancel={onCancel} wide>
      <Field label="Event" hint={EVENT_DESCRIPTION[eventType]}>
        <select
          className="input select"
          value={eventType}
          onChange={(e) => setEventType(e.target.value as NotificationEventType)}
          data-testid="subscribe-event"
        >
          {EVENT_TYPES.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Channel" hint={manager ? undefined : 'Subscribing email recipients and webhooks needs notification:manage'}>
        <select className="input select" value={channel} onChange={(e) => setChannel(e.target.value)} data-testid="subscribe-channel">
          <option value="in-app">In-app (my bell)</option>
          {manager &&
            channels.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.kind})
              </option>
            ))}
        </select>
      </Field>
      {chosen?.kind === 'email' && (
        <Field label="Recipient address">
          <input
            className="input"
            type="email"
            value={recipient}
            onChange={(e) => setRecipient(e.target.value)}
            required
            data-testid="subscribe-recipient"
          />
        </Field>
      )}
      <Field label="Environment" hint="Only events in this environment; every environment when none is chosen">
        <select
          className="input select"
          value={environment}
          onChange={(e) => setEnvironment(e.target.value)}
          data-testid="subscribe-environment"
        >
          <option value="">Every environment</option>
          {(environments.value ?? []).map((env) => (
            <option key={env.name} value={env.name}>
              {env.name}
            </option>
          ))}
        </select>
      </Field>
    </FormDialog>
  );
}
