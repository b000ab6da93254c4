import { useState } from 'react';
import { useApiConnection } from '../api/ApiProvider';
import { signOut } from '../api/browser-session';
import { PERMISSIONS } from '../../../engine/common/permissions';
import { useIdentity } from '../permissions/PermissionProvider';
import { useNotifier } from '../toasts/ToastProvider';

/**
 * Who is signed in, in which tenant, with how many permissions; in the browser shell, signing out
 * (which ends the session on a shared server and returns to the sign-in page).
 */
export function AccountSection() {
  const identity = useIdentity();
  const connection = useApiConnection();
  const notifier = useNotifier();
  const [busy, setBusy] = useState(false);
  const browser = connection.transport === 'websocket';

  const leave = async () => {
    setBusy(true);
    if (await signOut()) {
      window.location.reload();
      return;
    }
    setBusy(false);
    notifier.error('Could not sign out', new Error('The Nimbus server does not answer; the sign-in still holds. Try again.'));
  };

  return (
    <section className="card" aria-labelledby="account-title" data-testid="account-section">
      <h2 id="account-title" className="card__title">
        Account
      </h2>
      {identity.status === 'loading' ? (
        <p className="card__text">Asking the engine who is signed in…</p>
      ) : identity.status === 'unknown' ? (
        <p className="card__text">The engine did not say who is signed in.</p>
      ) : (
        <dl className="facts">
          <dt>Signed in as</dt>
          <dd data-testid="account-user">
            {identity.who.user.displayName}
            {identity.who.user.displayName !== identity.who.user.name && <span className="muted"> ({identity.who.user.name})</span>}
          </dd>
          <dt>Tenant</dt>
          <dd>{identity.who.tenant.name}</dd>
          <dt>Permissions</dt>
          <dd title={identity.who.permissions.join('\n')}>
            {identity.who.backend === 'local'
              ? 'Every permission (the owner of this data directory)'
              : `${identity.who.permissions.length} of ${PERMISSIONS.length} (point here for the list)`}
          </dd>
        </dl>
      )}
      {browser && (
        <div className="card__actions">
          <button type="button" className="button" onClick={() => void leave()} disabled={busy} data-testid="sign-out">
            {busy ? 'Signing out…' : 'Sign out'}
          </button>
        </div>
      )}
    </section>
  );
}
