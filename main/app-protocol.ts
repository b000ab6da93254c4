import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Net, Protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../engine/server/static-files.js';

export const APP_SCHEME = 'nimbus-app';
export const APP_ORIGIN = `${APP_SCHEME}://app/`;

/** Must run before `app.ready`: a standard, secure scheme so workers and fetch behave as on https. */
export function registerAppScheme(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
  ]);
}

/** Serves the built renderer from `rendererDir` with the same CSP as the browser shell. */
export function handleAppProtocol(protocol: Protocol, net: Net, rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const { pathname } = new URL(request.url);
    const resolved = path.resolve(rendererDir, `.${decodeURIComponent(pathname)}`);
    const inside = resolved.startsWith(rendererDir + path.sep);
    const file = inside && path.extname(resolved) ? resolved : path.join(rendererDir, 'index.html');
    const response = await net.fetch(pathToFileURL(file).href);
    const headers = new Headers(response.headers);
    headers.set(
      'Content-Security-Policy',
      CONTENT_SECURITY_POLICY.replace("connect-src 'self' ws://127.0.0.1:* ws://localhost:*", "connect-src 'self'"),
    );
    return new Response(response.body, { status: response.status, headers });
  });
}
