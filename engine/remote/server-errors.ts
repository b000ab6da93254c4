/**
 * What goes wrong between a client and a Nimbus server, as Nimbus errors: the server's own error
 * envelope keeps its code, message and details; a network failure names the server's address and
 * what happened, so a person can tell "the server is down" from "the server said no".
 */
import { isErrorCode } from '../common/error-codes.js';
import { NimbusError } from '../errors.js';
import { excerpt } from '../text/excerpt.js';

/** Node's codes for a TLS certificate the client does not trust. */
const UNTRUSTED_CERTIFICATE = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Why a connection failed, in words, from Node's error codes. */
const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused: is the server running?',
  ECONNRESET: 'the connection was reset',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name could not be looked up',
  EHOSTUNREACH: 'the host cannot be reached',
  ENETUNREACH: 'the network cannot be reached',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection broke: is the server running?',
  EPROTO: 'the TLS handshake failed (is it http:// rather than https://?)',
  ERR_SSL_WRONG_VERSION_NUMBER: 'the TLS handshake failed (is it http:// rather than https://?)',
};

/** The innermost error code of a failure and its causes (`fetch failed` wraps the socket's error). */
function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A failure to reach the server (no answer at all) as a Nimbus error naming the server. */
export function connectionError(serverUrl: string, error: unknown): NimbusError {
  if (error instanceof NimbusError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError')
    return new NimbusError('server_unreachable', `The Nimbus server at ${serverUrl} did not answer in time`, { url: serverUrl });
  const code = causeCode(error);
  if (code !== undefined && UNTRUSTED_CERTIFICATE.has(code)) {
    return new NimbusError(
      'server_certificate_untrusted',
      `The certificate of ${serverUrl} is not trusted here (${code}). If the server uses its own certificate authority, start nimbus with NODE_EXTRA_CA_CERTS=/path/to/ca.pem`,
      { url: serverUrl, reason: code },
      { cause: error },
    );
  }
  const reason = (code && REASONS[code]) ?? (error instanceof Error ? excerpt(error.message, 200) : 'unknown failure');
  return new NimbusError(
    'server_unreachable',
    `Cannot reach the Nimbus server at ${serverUrl} (${reason})`,
    { url: serverUrl, ...(code ? { reason: code } : {}) },
    { cause: error },
  );
}

/**
 * The server's answer to a failed call as a Nimbus error: its code (a code this build does not know
 * becomes `unknown_code`, with the server's in `details.serverCode`), message and details, plus the
 * request id to quote to the server's administrator. An answer without the envelope (a proxy's page)
 * says which status came back.
 */
export function answerError(serverUrl: string, status: number, body: unknown): NimbusError {
  const envelope = body as { code?: unknown; message?: unknown; details?: unknown; request_id?: unknown } | null;
  if (envelope && typeof envelope === 'object' && typeof envelope.code === 'string' && typeof envelope.message === 'string') {
    const details =
      envelope.details && typeof envelope.details === 'object' && !Array.isArray(envelope.details)
        ? (envelope.details as Record<string, unknown>)
        : {};
    const known = isErrorCode(envelope.code);
    return new NimbusError(known ? (envelope.code as never) : 'unknown_code', envelope.message, {
      ...details,
      ...(known ? {} : { serverCode: envelope.code.slice(0, 100) }),
      ...(typeof envelope.request_id === 'string' ? { requestId: envelope.request_id } : {}),
    });
  }
  return new NimbusError(
    'server_answer_invalid',
    `${serverUrl} answered with HTTP ${status} but not as a Nimbus server does; check the address`,
    { url: serverUrl, status },
  );
}
