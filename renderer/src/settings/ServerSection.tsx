import { CredentialFields } from '../ui/CredentialFields';
import { useCallback, useState, type FormEvent } from 'react';
import type { ServerConnection, SystemInfo } from '../../../engine/api/contract';
import { useApi } from '../api/ApiProvider';
import { toApiError } from '../api/api-error';
import { describeSignInRefusal } from '../api/browser-session';
import { useApiResource } from '../api/use-api-resource';
import { ConfirmDialog } from '../ui/ConfirmDialog';

/** Words for a failed connection attempt, by its code. */
function describeConnectFailure(error: unknown): { code: string; message: string } {
  const apiError = toApiError(error);
  switch (apiError.code) {
    case 'invalid_credentials':
    case 'login_throttled':
    case 'service_unavailable':
      return { code: apiError.code, message: describeSignInRefusal(apiError, 'password') };
    default:
      return { code: apiError.code, message: apiError.message };
  }
}

const EVENTS_LABEL: Record<Extract<ServerConnection, { status: 'connected' }>['events'], string> = {
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Connection lost — reconnecting',
  unauthorized: 'The session ended: disconnect, then connect again',
  closed: 'Not listening for job events',
};

/**
 * Settings → Connect to a Nimbus server: the app (the desktop, or the page `nimbus serve` serves)
 * signs in to a shared server and from then on every page works against it; Disconnect returns to
 * this machine's local data, untouched meanwhile. The server's session token stays in the host
 * process (kept encrypted); this page only ever sees the address and who signed in.
 */
export function ServerSection({ info }: { info: SystemInfo | null }) {
  const api = useApi();
  const load = useCallback(() => api.getServerConnection({}), [api]);
  const connection = useApiResource(load, null);
  const [url, setUrl] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ code: string; message: string } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const current = connection.value;

  // A page served by the shared server itself has no local engine to return to.
  if (info?.backend.kind === 'server' && current?.status !== 'connected') return null;

  const connect = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || !url.trim() || !name.trim() || !password) return;
    setBusy(true);
    setProblem(null);
    try {
      await api.connectServer({ url: url.trim(), name: name.trim(), password });
      // Every page loads again, from the server.
      window.location.reload();
    } catch (error) {
      setBusy(false);
      const failure = describeConnectFailure(error);
      setProblem(failure);
      if (failure.code === 'invalid_credentials') setPassword('');
    }
  };

  const disconnect = async () => {
    setConfirming(false);
    setBusy(true);
    try {
      await api.disconnectServer({});
      window.location.reload();
    } catch (error) {
      setBusy(false);
      setProblem(describeConnectFailure(error));
    }
  };

  const problemProps = problem ? { 'aria-invalid': true, 'aria-describedby': 'server-connect-problem' } : {};
  const edited = () => setProblem(null);

  return (
    <section className="card" aria-labelledby="server-title" data-testid="server-section" data-status={current?.status ?? 'loading'}>
      <h2 id="server-title" className="card__title">
        Connect to a Nimbus server
      </h2>
      {current === null ? (
        <p className="card__text">{connection.error ? 'The engine did not say whether it is connected to a server.' : 'Checking…'}</p>
      ) : current.status === 'connected' ? (
        <>
          <p className="card__text">
            Every page works against the shared server. Your local data stays on this machine, unchanged, until you disconnect.
          </p>
          <dl className="facts">
            <dt>Server</dt>
            <dd className="mono" data-testid="server-url">
              {current.url}
            </dd>
            <dt>Signed in as</dt>
            <dd data-testid="server-user">
              {current.user} @ {current.tenant}
            </dd>
            <dt>Job events</dt>
            <dd data-testid="server-events">{EVENTS_LABEL[current.events]}</dd>
          </dl>
          <div className="card__actions">
            <button type="button" className="button" onClick={() => setConfirming(true)} disabled={busy} data-testid="server-disconnect">
              {busy ? 'Disconnecting…' : 'Disconnect'}
            </button>
          </div>
        </>
      ) : (
        <form className="server-connect" onSubmit={(event) => void connect(event)} aria-label="Connect to a Nimbus server" noValidate>
          <p className="card__text">
            Work with your team&apos;s shared server: sign in, and every page shows and changes what is on the server. Disconnect to come
            back to the data on this machine.
          </p>
          <label className="field">
            <span className="field__label">Server address</span>
            <input
              className="input mono"
              type="url"
              inputMode="url"
              placeholder="https://nimbus.example.com"
              autoComplete="url"
              spellCheck={false}
              value={url}
              onChange={(event) => {
                setUrl(event.target.value);
                edited();
              }}
              {...problemProps}
              data-testid="server-connect-url"
            />
          </label>
          <CredentialFields
            name={name}
            password={password}
            onName={(value) => {
              setName(value);
              edited();
            }}
            onPassword={(value) => {
              setPassword(value);
              edited();
            }}
            problem={problemProps}
            testIdPrefix="server-connect"
          />
          <div className="card__actions">
            <button
              type="submit"
              className="button button--primary"
              disabled={busy || !url.trim() || !name.trim() || !password}
              data-testid="server-connect"
            >
              {busy ? 'Connecting…' : 'Connect'}
            </button>
          </div>
        </form>
      )}
      {problem && (
        <p
          className="field__problem"
          id="server-connect-problem"
          role="alert"
          data-testid="server-connect-problem"
          data-code={problem.code}
        >
          {problem.message}
        </p>
      )}
      {confirming && current?.status === 'connected' && (
        <ConfirmDialog
          title={`Disconnect from ${current.url}?`}
          message="You are signed out of the server, and every page shows the data on this machine again. Nothing on the server or here is deleted."
          confirmLabel="Disconnect"
          onCancel={() => setConfirming(false)}
          onConfirm={() => void disconnect()}
        />
      )}
    </section>
  );
}
