import type { SystemInfo } from '../../../engine/api/contract';
import { useApiConnection, useConnectionState } from '../api/ApiProvider';
import type { ConnectionState } from '../api/connection';
import { describeBackend } from './describe-backend';

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

export function StatusBar({ info }: { info: SystemInfo | null }) {
  const connection = useApiConnection();
  const state = useConnectionState();
  const { label, tone } = describeConnection(state);
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className={`status-bar__connection status-bar__connection--${tone}`} data-testid="status-connection" data-state={state.status}>
        <span className="status-bar__dot" aria-hidden="true" />
        {label}
      </span>
      <span
        className="status-bar__item status-bar__backend"
        data-testid="status-backend"
        title={info ? describeBackend(info.backend) : undefined}
      >
        {info ? describeBackend(info.backend) : '…'}
      </span>
      <span className="status-bar__spacer" />
      <span className="status-bar__item">{connection.transport === 'ipc' ? 'Desktop' : 'Browser'}</span>
      <span className="status-bar__item" data-testid="status-version">
        Nimbus {info?.version ?? ''}
      </span>
    </footer>
  );
}
