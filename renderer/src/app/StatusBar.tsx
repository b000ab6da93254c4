import type { SystemInfo } from '../../../engine/api/contract';
import { useApiConnection, useConnectionState } from '../api/ApiProvider';
import type { ConnectionState } from '../api/connection';
import { NotificationBell } from '../notifications/NotificationBell';
import { useIdentity } from '../permissions/PermissionProvider';
import { SyncStatusItem } from '../sync/SyncStatusItem';
import type { Route } from '../routing/route';
import { describeBackend, describeUser } from './describe-backend';

function describeConnection(state: ConnectionState): { label: string; tone: 'ok' | 'busy' | 'down' } {
  switch (state.status) {
    case 'open':
      return { label: 'Connected', tone: 'ok' };
    case 'connecting':
      return { label: 'Connecting…', tone: 'busy' };
    case 'reconnecting':
      return { label: `Connection lost — retrying (attempt ${state.attempt})`, tone: 'down' };
    case 'closed':
      return { label: 'Disconnected', tone: 'down' };
  }
}

export function StatusBar({
  info,
  onOpenAccount,
  onOpenSync,
  onOpenRoute,
}: {
  info: SystemInfo | null;
  onOpenAccount(): void;
  onOpenSync(): void;
  /** Opens what a notification of the bell is about. */
  onOpenRoute(route: Route): void;
}) {
  const connection = useApiConnection();
  const state = useConnectionState();
  const identity = useIdentity();
  const { label, tone } = describeConnection(state);
  const backend = info ? describeBackend(info.backend) : null;
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className={`status-bar__connection status-bar__connection--${tone}`} data-testid="status-connection" data-state={state.status}>
        <span className="status-bar__dot" aria-hidden="true" />
        {label}
      </span>
      <span className="status-bar__item status-bar__backend" data-testid="status-backend" title={backend ?? undefined}>
        {backend ?? '…'}
      </span>
      {identity.status === 'known' && (
        <button
          type="button"
          className="status-bar__item status-bar__user"
          title={`Signed in as ${identity.who.user.displayName} (${describeUser(identity.who)}); open the account settings`}
          onClick={onOpenAccount}
          data-testid="status-user"
        >
          {describeUser(identity.who)}
        </button>
      )}
      <SyncStatusItem onOpen={onOpenSync} />
      <span className="status-bar__spacer" />
      <NotificationBell onOpen={onOpenRoute} />
      <span className="status-bar__item">{connection.transport === 'ipc' ? 'Desktop' : 'Browser'}</span>
      <span className="status-bar__item" data-testid="status-version">
        Nimbus {info?.version ?? ''}
      </span>
    </footer>
  );
}
