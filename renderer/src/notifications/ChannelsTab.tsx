import { useState } from 'react';
import type { MethodOutput } from '../../../engine/api/contract';
import { useApi } from '../api/ApiProvider';
import type { ApiResource } from '../api/use-api-resource';
import { useBlockedReason } from '../permissions/PermissionProvider';
import { blockedProps } from '../permissions/blocked-props';
import { useNotifier } from '../toasts/ToastProvider';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { EmptyState } from '../ui/EmptyState';
import { Icon } from '../ui/Icon';
import { Tag } from '../ui/Tag';
import { DATE_TIME } from '../ui/time-format';
import { Loading } from './DeadLettersTab';
import { LoadProblem } from './LoadProblem';
import { NewChannelDialog } from './NewChannelDialog';
import { describeNotificationError } from './notification-error';
import { SigningSecretDialog } from './SigningSecretDialog';

export type Channel = MethodOutput<'listNotificationChannels'>[number];

/** The tenant's email and webhook channels (never their secrets); add and remove them. */
export function ChannelsTab({ channels, onChanged }: { channels: ApiResource<Channel[]>; onChanged(): void }) {
  const api = useApi();
  const notifier = useNotifier();
  const createBlocked = useBlockedReason('createNotificationChannel');
  const removeBlocked = useBlockedReason('removeNotificationChannel');
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<{ channel: string; secret: string } | null>(null);
  const [removing, setRemoving] = useState<Channel | null>(null);

  const remove = async (channel: Channel) => {
    try {
      await api.removeNotificationChannel({ channel: channel.id });
      notifier.success('Channel removed', `${channel.name} and its subscriptions are gone.`);
    } catch (error) {
      notifier.error(`Could not remove ${channel.name}: ${describeNotificationError(error).title}`, error);
    }
    onChanged();
  };

  const addButton = (
    <button
      type="button"
      className="button button--primary button--small"
      onClick={() => setAdding(true)}
      {...blockedProps(createBlocked)}
      data-testid="channel-add"
    >
      <Icon name="plus" size={14} />
      Add channel
    </button>
  );

  let body;
  if (channels.value === null)
    body = channels.error ? <LoadProblem error={channels.error} what="the channels" onRetry={channels.reload} /> : <Loading />;
  else if (channels.value.length === 0)
    body = (
      <EmptyState icon="bell" title="No channels yet" testId="channels-empty" action={addButton}>
        The in-app bell is always there. Add a webhook to post signed JSON to a receiver, or an SMTP server to send email.
      </EmptyState>
    );
  else
    body = (
      <div className="table-scroll">
        <table className="data-table" data-testid="channels-table">
          <caption className="visually-hidden">Notification channels</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Settings</th>
              <th scope="col">Added</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {channels.value.map((channel) => (
              <tr key={channel.id} data-testid="channel-row" data-name={channel.name}>
                <td>{channel.name}</td>
                <td>
                  <Tag tone={channel.kind === 'webhook' ? 'violet' : 'teal'}>{channel.kind}</Tag>
                </td>
                <td>
                  {channel.webhook && <span className="mono">{channel.webhook.url}</span>}
                  {channel.email && (
                    <span>
                      <span className="mono">
                        {channel.email.host}:{channel.email.port}
                      </span>{' '}
                      ({channel.email.tls}), from {channel.email.from}
                      {channel.email.username && `, user ${channel.email.username}`}
                      {channel.email.hasPassword && (
                        <>
                          {' '}
                          <Tag title="The password is kept encrypted and never shown">password set</Tag>
                        </>
                      )}
                    </span>
                  )}
                </td>
                <td>
                  {DATE_TIME.format(new Date(channel.createdAt))} by {channel.createdBy}
                </td>
                <td>
                  <button
                    type="button"
                    className="button button--small button--danger"
                    onClick={() => setRemoving(channel)}
                    {...blockedProps(removeBlocked)}
                    aria-label={`Remove ${channel.name}`}
                    data-testid="channel-remove"
                  >
                    <Icon name="trash" size={14} />
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
      {channels.value !== null && channels.value.length > 0 && <div className="notify-toolbar">{addButton}</div>}
      {body}
      {adding && (
        <NewChannelDialog
          onCancel={() => setAdding(false)}
          onCreated={(created) => {
            setAdding(false);
            onChanged();
            if (created.signingSecret) setSecret({ channel: created.channel.name, secret: created.signingSecret });
            else notifier.success('Channel added', created.channel.name);
          }}
        />
      )}
      {secret && <SigningSecretDialog channel={secret.channel} secret={secret.secret} onClose={() => setSecret(null)} />}
      {removing && (
        <ConfirmDialog
          title={`Remove ${removing.name}?`}
          message={`Its subscriptions go with it${removing.kind === 'webhook' ? ', and its signing secret is destroyed' : ', and its stored password'}. Notifications already queued for it will fail. Adding it again gives a new secret.`}
          confirmLabel="Remove channel"
          danger
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            const channel = removing;
            setRemoving(null);
            void remove(channel);
          }}
        />
      )}
    </>
  );
}
