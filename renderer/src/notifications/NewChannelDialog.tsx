import { useState } from 'react';
import type { MethodInput, MethodOutput } from '../../../engine/api/contract';
import { useApi } from '../api/ApiProvider';
import { Field, FormDialog } from '../ui/FormDialog';
import { Segmented } from '../editor/Segmented';

type Tls = 'none' | 'starttls' | 'tls';
export type CreatedChannel = MethodOutput<'createNotificationChannel'>;

/**
 * Adds an email (SMTP) or webhook channel. The SMTP password is sent once and never shown again
 * (the channel only says a password is set); a webhook's signing secret comes back in the answer,
 * which the caller shows once.
 */
export function NewChannelDialog({ onCreated, onCancel }: { onCreated(created: CreatedChannel): void; onCancel(): void }) {
  const api = useApi();
  const [kind, setKind] = useState<'webhook' | 'email'>('webhook');
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [host, setHost] = useState('');
  const [port, setPort] = useState('587');
  const [tls, setTls] = useState<Tls>('starttls');
  const [from, setFrom] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  const submit = async () => {
    const input: MethodInput<'createNotificationChannel'> =
      kind === 'webhook'
        ? { name: name.trim(), webhook: { url: url.trim() } }
        : {
            name: name.trim(),
            email: {
              host: host.trim(),
              port: Number(port),
              tls,
              from: from.trim(),
              ...(username.trim() ? { username: username.trim() } : {}),
              ...(password ? { password } : {}),
            },
          };
    const created = await api.createNotificationChannel(input);
    setPassword('');
    onCreated(created);
  };

  return (
    <FormDialog
      name="new-channel"
      title="Add a notification channel"
      submitLabel="Add channel"
      intro="Webhooks receive signed JSON posts; email channels send through your SMTP server."
      wide
      onSubmit={submit}
      onCancel={onCancel}
    >
      <Segmented
        label="Kind"
        name="channel-kind"
        testIdPrefix="channel-kind"
        value={kind}
        options={[
          { value: 'webhook', label: 'Webhook' },
          { value: 'email', label: 'Email (SMTP)' },
        ]}
        onChange={(value) => setKind(value)}
      />
      <Field label="Name" hint="Letters, digits and dashes, e.g. ops-hook">
        <input className="input" value={name} onChange={(e) => setName(e.target.value)} required autoFocus data-testid="channel-name" />
      </Field>
      {kind === 'webhook' ? (
        <Field label="URL" hint="http(s); Nimbus posts JSON signed with a secret shown once after adding">
          <input className="input" type="url" value={url} onChange={(e) => setUrl(e.target.value)} required data-testid="channel-url" />
        </Field>
      ) : (
        <>
          <Field label="SMTP host">
            <input className="input" value={host} onChange={(e) => setHost(e.target.value)} required data-testid="channel-host" />
          </Field>
          <Field label="Port">
            <input
              className="input input--narrow"
              type="number"
              min={1}
              max={65535}
              value={port}
              onChange={(e) => setPort(e.target.value)}
              required
              data-testid="channel-port"
            />
          </Field>
          <Field label="TLS">
            <select className="input select" value={tls} onChange={(e) => setTls(e.target.value as Tls)} data-testid="channel-tls">
              <option value="starttls">STARTTLS</option>
              <option value="tls">TLS</option>
              <option value="none">None</option>
            </select>
          </Field>
          <Field label="Sender address">
            <input
              className="input"
              type="email"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              required
              data-testid="channel-from"
            />
          </Field>
          <Field label="User name" optional>
            <input
              className="input"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              autoComplete="off"
              data-testid="channel-user"
            />
          </Field>
          <Field label="Password" optional hint="Kept encrypted on the server and never shown again">
            <input
              className="input"
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="new-password"
              data-testid="channel-password"
            />
          </Field>
        </>
      )}
    </FormDialog>
  );
}
