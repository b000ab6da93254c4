/**
 * The browser shell's sign-in with `nimbus serve`: the server keeps the token in an HttpOnly cookie
 * (this code never sees it after handing it over), and the WebSocket presents that cookie.
 */

/** Where the server answers about the browser's sign-in. */
export const SESSION_URL = '/api/v1/session';

/** Whether this browser is signed in; 'unreachable' when the server does not answer at all. */
export async function checkSession(fetchImpl: typeof fetch = fetch): Promise<'signed-in' | 'signed-out' | 'unreachable'> {
  try {
    const response = await fetchImpl(SESSION_URL, { credentials: 'same-origin', cache: 'no-store' });
    if (!response.ok) return 'unreachable';
    const body = (await response.json()) as { signedIn?: unknown };
    return body.signedIn === true ? 'signed-in' : 'signed-out';
  } catch {
    return 'unreachable';
  }
}

/** Hands a token to the server, which keeps it as this browser's sign-in; the answer's error code when refused. */
export async function signInWithToken(
  token: string,
  fetchImpl: typeof fetch = fetch,
): Promise<{ ok: true } | { ok: false; code: string; message: string }> {
  let response: Response;
  try {
    response = await fetchImpl(SESSION_URL, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: token.trim() }),
    });
  } catch {
    return { ok: false, code: 'not_connected', message: 'The Nimbus server does not answer. Is nimbus serve still running?' };
  }
  if (response.ok) return { ok: true };
  const body = (await response.json().catch(() => ({}))) as { code?: unknown; message?: unknown };
  return {
    ok: false,
    code: typeof body.code === 'string' ? body.code : 'internal',
    message: typeof body.message === 'string' ? body.message : `The server refused the sign-in (${response.status})`,
  };
}
