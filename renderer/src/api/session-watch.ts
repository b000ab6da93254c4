import type { SessionState } from './browser-session';
import type { ApiConnection } from './connection';

/**
 * In the browser shell: when the connection to the server drops and does not come back, asks the
 * server whether this browser is still signed in. A session that ended (expired, revoked, signed out
 * in another tab) shows the sign-in again instead of retrying a connection the server will refuse.
 * Returns the function that stops watching.
 */
export function watchSession(
  connection: Pick<ApiConnection, 'onStateChange'>,
  readSession: () => Promise<SessionState>,
  onSignedOut: () => void,
): () => void {
  let asking = false;
  let stopped = false;
  const stop = connection.onStateChange((state) => {
    if (state.status !== 'reconnecting' || asking || stopped) return;
    asking = true;
    void readSession().then(
      (session) => {
        asking = false;
        if (!stopped && session.status === 'signed-out') onSignedOut();
      },
      () => {
        asking = false;
      },
    );
  });
  return () => {
    stopped = true;
    stop();
  };
}
