import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { readSession } from './api/browser-session';
import { getApiConnection } from './api/get-nimbus-api';
import { watchSession } from './api/session-watch';
import { App } from './app/App';
import { SignInPage } from './app/SignInPage';
import './styles/base.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/planner.css';
import './styles/editor.css';
import './styles/catalog.css';
import './styles/environments.css';
import './styles/plan.css';
import './styles/deployments.css';
import './styles/audit.css';
import './styles/sync.css';
import './styles/notifications.css';
import './styles/approvals.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

const root = createRoot(container);

/** The desktop app is always signed in (its bridge is the engine's own); the browser shell asks the server first. */
async function start(): Promise<void> {
  const session = window.nimbus ? null : await readSession();
  if (session?.status === 'signed-out') {
    root.render(
      <StrictMode>
        <SignInPage passwords={session.passwords} onSignedIn={() => window.location.reload()} />
      </StrictMode>,
    );
    return;
  }
  const connection = getApiConnection();
  // The browser shell: a session that ends while the app is open brings the sign-in back.
  if (!window.nimbus)
    watchSession(
      connection,
      () => readSession(),
      () => window.location.reload(),
    );
  root.render(
    <StrictMode>
      <App connection={connection} />
    </StrictMode>,
  );
}

void start();
