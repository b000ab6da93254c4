/**
 * The browser shell's sign-in with `nimbus serve` or a shared server: the server keeps the token in an
 * HttpOnly cookie (this code never sees it), and the WebSocket presents that cookie. `nimbus serve`
 * signs in with its owner token; a shared server (`passwords`) with a user name and password.
 */

/** Where the server answers about the browser's sign-in. */
export const SESSION_URL = '/api/v1/session';

/** What the server says about this browser's sign-in. */
export type SessionState =
  | { status: 'signed-in' }
  /** `passwords`: the server signs in with a user name and password (a shared server), else with a token. */
  | { status: 'signed-out'; passwords: boolean }
  | { status: 'unreachable' };

/** A refused sign-in: the server's error code (or `not_connected`), its message and details. */
export interface SignInRefusal {
  ok: false;
  code: string;
  message: string;
  details: Record<string, unknown>;
}

/** Whether this browser is signed in, and how the server signs in; 'unreachable' when it does not answer at all. */
export async function readSession(fetchImpl: typeof fetch = fetch): Promise<SessionState> {
  try {
    const response = await fetchImpl(SESSION_URL, { credentials: 'same-origin', cache: 'no-store' });
    if (!response.ok) return { status: 'unreachable' };
    const body = (await response.json()) as { signedIn?: unknown; passwords?: unknown };
    return body.signedIn === true ? { status: 'signed-in' } : { status: 'signed-out', passwords: body.passwords === true };
  } catch {
    return { status: 'unreachable' };
  }
}

/** Whether this browser is signed in; 'unreachable' when the server does not answer at all. */
export async function checkSession(fetchImpl: typeof fetch = fetch): Promise<'signed-in' | 'signed-out' | 'unreachable'> {
  return (await readSession(fetchImpl)).status;
}

async function postSession(body: unknown, fetchImpl: typeof fetch): Promise<{ ok: true } | SignInRefusal> {
  let response: Response;
  try {
    response = await fetchImpl(SESSION_URL, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    return { ok: false, code: 'not_connected', message: 'The Nimbus server does not answer. Is it still running?', details: {} };
  }
  if (response.ok) return { ok: true };
  const answer = (await response.json().catch(() => ({}))) as { code?: unknown; message?: unknown; details?: unknown };
  return {
    ok: false,
    code: typeof answer.code === 'string' ? answer.code : 'internal',
    message: typeof answer.message === 'string' ? answer.message : `The server refused the sign-in (${response.status})`,
    details: typeof answer.details === 'object' && answer.details !== null ? (answer.details as Record<string, unknown>) : {},
  };
}

/** Hands a token to the server, which keeps it as this browser's sign-in; the answer's error code when refused. */
export function signInWithToken(token: string, fetchImpl: typeof fetch = fetch): Promise<{ ok: true } | SignInRefusal> {
  return postSession({ token: token.trim() }, fetchImpl);
}

/** Signs in to a shared server with a user name and password; the server keeps the session as this browser's cookie. */
export function signInWithPassword(name: string, password: string, fetchImpl: typeof fetch = fetch): Promise<{ ok: true } | SignInRefusal> {
  return postSession({ name: name.trim(), password }, fetchImpl);
}

/**
 * Signs this browser out: the server forgets the cookie and, on a shared server, ends the session
 * itself. False when the server did not answer (the sign-in may still hold).
 */
export async function signOut(fetchImpl: typeof fetch = fetch): Promise<boolean> {
  try {
    const response = await fetchImpl(SESSION_URL, { method: 'DELETE', credentials: 'same-origin' });
    return response.ok;
  } catch {
    return false;
  }
}

/** Words for a refused sign-in, by its code; the server's own message for codes without special wording. */
export function describeSignInRefusal(refusal: Pick<SignInRefusal, 'code' | 'message' | 'details'>, method: 'token' | 'password'): string {
  switch (refusal.code) {
    case 'invalid_credentials':
      return 'Wrong user name or password.';
    case 'login_throttled': {
      const wait = refusal.details['retryAfterSeconds'];
      return typeof wait === 'number'
        ? `Too many failed sign-ins. Try again in ${formatWait(wait)}.`
        : 'Too many failed sign-ins. Wait a moment before trying again.';
    }
    case 'service_unavailable':
      return 'The server cannot check sign-ins right now (its database does not answer). Try again shortly.';
    case 'unauthorized':
      return method === 'token' ? 'That token is not valid for this server (check the data directory it was made for).' : refusal.message;
    case 'not_connected':
      return 'The Nimbus server does not answer. Check that it is running and reachable.';
    default:
      return refusal.message;
  }
}

function formatWait(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.ceil(seconds))} s`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
