import { describe, expect, it } from 'vitest';
import type { SessionState } from './browser-session';
import type { ConnectionState } from './connection';
import { watchSession } from './session-watch';

function fakeConnection() {
  const listeners = new Set<(state: ConnectionState) => void>();
  return {
    onStateChange: (listener: (state: ConnectionState) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit: (state: ConnectionState) => listeners.forEach((listener) => listener(state)),
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('watchSession', () => {
  it('shows the sign-in when the connection drops because the session ended', async () => {
    const connection = fakeConnection();
    let signedOut = 0;
    watchSession(
      connection,
      () => Promise.resolve<SessionState>({ status: 'signed-out', passwords: true }),
      () => (signedOut += 1),
    );
    connection.emit({ status: 'open' });
    await flush();
    expect(signedOut).toBe(0);
    connection.emit({ status: 'reconnecting', attempt: 1, retryAt: 0 });
    await flush();
    expect(signedOut).toBe(1);
  });

  it('keeps retrying while still signed in or when the server does not answer, and stops when told', async () => {
    const connection = fakeConnection();
    let answer: SessionState = { status: 'signed-in' };
    let signedOut = 0;
    const stop = watchSession(
      connection,
      () => Promise.resolve(answer),
      () => (signedOut += 1),
    );
    connection.emit({ status: 'reconnecting', attempt: 1, retryAt: 0 });
    await flush();
    answer = { status: 'unreachable' };
    connection.emit({ status: 'reconnecting', attempt: 2, retryAt: 0 });
    await flush();
    expect(signedOut).toBe(0);
    stop();
    answer = { status: 'signed-out', passwords: false };
    connection.emit({ status: 'reconnecting', attempt: 3, retryAt: 0 });
    await flush();
    expect(signedOut).toBe(0);
  });
});
