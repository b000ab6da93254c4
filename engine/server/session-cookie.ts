/**
 * How a browser holds its sign-in: the bearer token in an HttpOnly, SameSite=Strict cookie, so page
 * scripts never see it, other sites cannot send it, and the WebSocket upgrade (which cannot carry an
 * Authorization header from a browser) presents it. Scripts and the CLI send `Authorization: Bearer`.
 */
import type { IncomingMessage } from 'node:http';

/**
 * The cookie's name for the server on `port`. Browsers send a host's cookies to every port of it, so
 * two servers on one machine (two data directories) would overwrite each other's sign-in under one name.
 */
export function sessionCookieName(port: number): string {
  return `nimbus_session_${port}`;
}

/** The `Set-Cookie` value that stores `token` under `name` (Secure when served over TLS). */
export function sessionCookie(name: string, token: string, secure: boolean, maxAgeSeconds?: number): string {
  return [
    `${name}=${encodeURIComponent(token)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
    ...(maxAgeSeconds !== undefined ? [`Max-Age=${maxAgeSeconds}`] : []),
  ].join('; ');
}

/** The `Set-Cookie` value that removes the sign-in. */
export function clearedSessionCookie(name: string, secure: boolean): string {
  return sessionCookie(name, '', secure, 0);
}

/** The token a request presents: `Authorization: Bearer …` first, else the session cookie `cookieName`. */
export function presentedToken(request: IncomingMessage, cookieName: string): string | undefined {
  const bearer = /^Bearer ([\x21-\x7e]{1,512})$/.exec(request.headers.authorization ?? '');
  if (bearer) return bearer[1];
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name !== cookieName) continue;
    try {
      const value = decodeURIComponent(rest.join('='));
      return value.length > 0 && value.length <= 512 ? value : undefined;
    } catch {
      // A cookie that is not valid percent-encoding is no token.
      return undefined;
    }
  }
  return undefined;
}
