import http from 'node:http';
import https from 'node:https';
import type { ConnectionTestResult } from '../../api/schemas/cloud-accounts.js';

/** What a Proxmox connection test needs; the secret goes into the request header and nowhere else. */
export interface ProxmoxProbeTarget {
  endpoint: string;
  tokenId: string;
  tokenSecret: string;
  verifyTls: boolean;
}

/** How long a connection test waits for an answer by default. */
export const PROBE_TIMEOUT_MS = 10_000;
const LARGEST_ANSWER = 64 * 1024;

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

type Outcome = Omit<ConnectionTestResult, 'durationMs'>;

/**
 * Asks a Proxmox VE API who it is (`GET <endpoint>/api2/json/version` with the API token) and
 * classifies the answer: ok with the version, unauthorised (401/403), unreachable (refused, unknown
 * host, timeout), TLS certificate not trusted, or not a Proxmox API. Never throws; no redirect is
 * followed; messages name the endpoint, never the token secret.
 */
export async function probeProxmox(target: ProxmoxProbeTarget, options: { timeoutMs?: number } = {}): Promise<ConnectionTestResult> {
  const started = performance.now();
  const outcome = await ask(target, options.timeoutMs ?? PROBE_TIMEOUT_MS);
  return { ...outcome, durationMs: Math.round(performance.now() - started) };
}

function ask(target: ProxmoxProbeTarget, timeoutMs: number): Promise<Outcome> {
  const url = new URL(`${target.endpoint}/api2/json/version`);
  const where = url.origin;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<Outcome>((resolve) => {
    let settled = false;
    const finish = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(outcome);
    };
    const request = client.request(
      url,
      {
        method: 'GET',
        headers: { Authorization: `PVEAPIToken=${target.tokenId}=${target.tokenSecret}`, Accept: 'application/json' },
        ...(url.protocol === 'https:' ? { rejectUnauthorized: target.verifyTls } : {}),
        agent: false,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status === 401 || status === 403) {
          response.resume();
          finish({
            outcome: 'unauthorised',
            message: `${where} refused the API token (HTTP ${status}): check the token id, its secret and its privileges`,
            version: null,
          });
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > LARGEST_ANSWER) finish(notProxmox(where, 'its answer is far larger than a version'));
          else chunks.push(chunk);
        });
        response.on('end', () => finish(versionOf(where, status, Buffer.concat(chunks).toString('utf8'))));
        response.on('error', (error) => finish(failure(where, error, timeoutMs)));
      },
    );
    const timer = setTimeout(() => finish(unreachable(where, `no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    request.on('error', (error) => finish(failure(where, error, timeoutMs)));
    request.end();
  });
}

function versionOf(where: string, status: number, body: string): Outcome {
  if (status !== 200) return notProxmox(where, `it answered HTTP ${status}`);
  let version: unknown;
  try {
    version = (JSON.parse(body) as { data?: { version?: unknown } } | null)?.data?.version;
  } catch {
    return notProxmox(where, 'its answer is not JSON');
  }
  if (typeof version !== 'string' || version.length === 0 || version.length > 64)
    return notProxmox(where, 'its answer has no Proxmox version');
  return { outcome: 'ok', message: `Connected to Proxmox VE ${version} at ${where}`, version };
}

function failure(where: string, error: Error, timeoutMs: number): Outcome {
  const code = String((error as NodeJS.ErrnoException).code ?? '');
  if (TLS_CODES.has(code))
    return {
      outcome: 'tls_untrusted',
      message: `The TLS certificate of ${where} is not trusted (${code}): install a trusted certificate, or turn TLS verification off for this account`,
      version: null,
    };
  if (code === 'EPROTO' || code.startsWith('ERR_SSL') || code === 'HPE_INVALID_CONSTANT' || code.startsWith('HPE_'))
    return notProxmox(where, 'it does not speak the protocol of the endpoint URL (http or https)');
  if (code === 'ETIMEDOUT') return unreachable(where, `no answer within ${timeoutMs / 1000} s`);
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'the connection was refused',
    ENOTFOUND: 'the host name is unknown',
    EAI_AGAIN: 'the host name could not be looked up',
    EHOSTUNREACH: 'the host cannot be reached',
    ENETUNREACH: 'the network cannot be reached',
    ECONNRESET: 'the connection was reset',
  };
  return unreachable(where, reasons[code] ?? `the connection failed${code ? ` (${code})` : ''}`);
}

function unreachable(where: string, reason: string): Outcome {
  return { outcome: 'unreachable', message: `${where} is unreachable: ${reason}`, version: null };
}

function notProxmox(where: string, reason: string): Outcome {
  return { outcome: 'not_proxmox', message: `${where} is not a Proxmox VE API: ${reason}`, version: null };
}
