import { useState } from 'react';
import type { NotificationEventType } from '../../../engine/common/notification-events';
import { useApi } from '../api/ApiProvider';
import { Field, FormDialog } from '../ui/FormDialog';
import { EVENT_TYPES } from './event-labels';

/** Sends a test notification of an event type to everyone subscribed to it; says how many were queued. */
export function SendTestDialog({ onSent, onCancel }: { onSent(queued: number, eventType: NotificationEventType): void; onCancel(): void }) {
  const api = useApi();
  const [eventType, setEventType] = useState<NotificationEventType>('deploy.succeeded');
  const [environment, setEnvironment] = useState('');
  const submit = async () => {
    const { queued } = await api.sendTestNotification({ eventType, ...(environment.trim() ? { environment: environment.trim() } : {}) });
    onSent(queued, eventType);
  };
  return (
    <FormDialog
      name="send-test"
      title="Send a test notification"
      submitLabel="Send"
      intro="A notification marked as a test goes to every subscriber of the event type, through their channels, like a real one."
      onSubmit={submit}
      onCancel={onCancel}
    >
      <Field label="Event">
        <select
          className="input select"
          value={eventType}
          onChange={(e) => setEventType(e.target.value as NotificationEventType)}
          data-testid="send-test-event"
        >
          {EVENT_TYPES.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Environment" optional hint="Reaches subscriptions for this environment and those for every environment">
        <input className="input" value={environment} onChange={(e) => setEnvironment(e.target.value)} data-testid="send-test-environment" />
      </Field>
    </FormDialog>
  );
}
