import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { tempDir } from './temp-dir.js';

/** How a receiver answers `GET /api2/json/version`. */
export type ReceiverMode = 'proxmox' | 'unauthorised' | 'forbidden' | 'not-proxmox' | 'silent';

/** A self-signed certificate for 127.0.0.1 and localhost, made with the openssl CLI. */
export function selfSignedCertificate(): { key: string; cert: string } {
  const { dir, remove } = tempDir('nimbus-cert-');
  try {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'].concat([
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
      ]),
      { stdio: 'ignore' },
    );
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } finally {
    remove();
  }
}

/**
 * A loopback HTTP(S) server answering like Proxmox VE's version endpoint (or refusing, or answering
 * like something else, or never answering), recording the Authorization header of every request.
 */
export async function startProxmoxReceiver(options: { tls?: { key: string; cert: string }; mode?: ReceiverMode; version?: string } = {}) {
  const state = { mode: options.mode ?? ('proxmox' as ReceiverMode) };
  const authorizations: string[] = [];
  const paths: string[] = [];
  const handler: http.RequestListener = (request, response) => {
    authorizations.push(String(request.headers.authorization ?? ''));
    paths.push(request.url ?? '');
    if (state.mode === 'silent') return;
    if (state.mode === 'unauthorised' || state.mode === 'forbidden') {
      response.writeHead(state.mode === 'unauthorised' ? 401 : 403, { 'content-type': 'application/json' });
      response.end('{"data":null}');
      return;
    }
    if (state.mode === 'not-proxmox' || request.url !== '/api2/json/version') {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html><body>It works!</body></html>');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' });
    response.end(JSON.stringify({ data: { version: options.version ?? '8.2.4', release: '8.2', repoid: 'faa83925c9641325' } }));
  };
  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    authorizations,
    paths,
    setMode: (mode: ReceiverMode) => {
      state.mode = mode;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
