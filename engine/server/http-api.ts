/**
 * The contract over HTTP JSON, for CI and integrations: `POST /api/v1/{method}` with the input as the
 * JSON body and `Authorization: Bearer <token>`; the answer is the method's output, or the error
 * envelope `{ code, message, details, request_id }` with a status that matches the code. Also
 * `GET /api/v1/openapi.json` (the generated description), `GET /healthz` (no authentication) and
 * `GET /metrics` (Prometheus text). Calls go through the same dispatcher as IPC and WebSocket, so the
 * same permission check, validation and audit apply.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Caller } from '../api/authorization.js';
import type { Dispatcher } from '../api/dispatcher.js';
import type { ErrorCode } from '../common/error-codes.js';
import { isMethodName, type MethodName } from '../common/method-names.js';
import { toWireError } from '../errors.js';
import { logFailure, type Logger } from '../logging/logger.js';
import { strictUtf8 } from '../text/utf8.js';
import { IDEMPOTENCY_HEADER, type IdempotencyGuard } from '../sync/idempotency-guard.js';
import type { IdempotencyFence } from '../context/request-context.js';
import type { JobFigures, ServerMetrics } from './metrics.js';
import { API_PREFIX, openApiDocument } from './openapi.js';
import type { RateLimiter } from './rate-limit.js';
import { readBody } from './read-body.js';
import { matchRestRoute } from './rest-routes.js';
import { clearedSessionCookie, presentedToken, sessionCookie } from './session-cookie.js';

/** Finds who presents a bearer token; undefined when the token is unknown, expired or revoked. */
export type Authenticate = (token: string) => Promise<Caller | undefined>;

/** What the HTTP API needs from its host. */
export interface HttpApiOptions {
  dispatcher: Dispatcher;
  authenticate: Authenticate;
  metrics: ServerMetrics;
  rateLimiter: RateLimiter;
  jobFigures: () => Promise<JobFigures> | JobFigures;
  logger: Logger;
  /** Whether what the server depends on (its database) answers; `/healthz` says 503 when not. */
  healthy?: () => Promise<boolean>;
  /** Served over TLS: session cookies are marked Secure. */
  secure?: boolean;
  /** The name of this server's session cookie (see `session-cookie.ts`). */
  cookieName: () => string;
  /** Calls sent with `Idempotency-Key` run at most once per key (see `../sync/idempotency-guard.ts`); without it the header is ignored. */
  idempotency?: IdempotencyGuard;
  /** Sign-in with a user name and password (a shared server); without it only tokens sign in. */
  passwords?: PasswordSignIn;
}

/** A shared server's sign-in with name and password, and sign-out that ends the session token. */
export interface PasswordSignIn {
  login(input: {
    name: string;
    password: string;
    address: string;
  }): Promise<{ token: string; expiresAt: string; user: { id: string; name: string; tenant: string } }>;
  logout(token: string): Promise<void>;
}

/** Where a browser signs in with a token (POST), checks its sign-in (GET) and signs out (DELETE). */
export const SESSION_PATH = `${API_PREFIX}/session`;
const MAX_SESSION_BODY_BYTES = 4096;

/** The largest request body the API reads. */
export const MAX_API_BODY_BYTES = 8 * 1024 * 1024;

/** The HTTP status an error code is answered with. */
export function httpStatusOf(code: string): number {
  switch (code) {
    case 'unauthorized':
    case 'invalid_credentials':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
    case 'unknown_method':
    case 'unknown_path':
      return 404;
    case 'method_not_allowed':
      return 405;
    case 'revision_conflict':
    case 'store_conflict':
    case 'topology_exists':
    case 'request_in_progress':
    case 'request_outcome_unknown':
      return 409;
    case 'idempotency_key_reused':
      return 422;
    case 'payload_too_large':
      return 413;
    case 'unsupported_media_type':
      return 415;
    case 'rate_limited':
    case 'login_throttled':
      return 429;
    case 'internal':
      return 500;
    case 'service_unavailable':
      return 503;
    default:
      return 400;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Answers the HTTP API's paths; `handles` says which paths those are. */
export interface HttpApi {
  handles(pathname: string): boolean;
  handle(request: IncomingMessage, response: ServerResponse, pathname: string): Promise<void>;
}

export function createHttpApi(options: HttpApiOptions): HttpApi {
  return {
    handles: (pathname) =>
      pathname === '/healthz' || pathname === '/metrics' || pathname === API_PREFIX || pathname.startsWith(`${API_PREFIX}/`),
    handle: (request, response, pathname) => handleRequest(options, request, response, pathname),
  };
}

async function handleRequest(options: HttpApiOptions, request: IncomingMessage, response: ServerResponse, pathname: string): Promise<void> {
  const started = process.hrtime.bigint();
  const header = request.headers['x-request-id'];
  const requestId = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
  let metricName = 'unknown';
  const send = (status: number, body: unknown, headers: Record<string, string> = {}, contentType = 'application/json') => {
    if (response.headersSent || response.destroyed) return;
    response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', 'x-request-id': requestId, ...headers });
    response.end(typeof body === 'string' ? body : JSON.stringify(body));
    options.metrics.observe(metricName, status, Number(process.hrtime.bigint() - started) / 1e9);
  };
  const refuse = (code: ErrorCode, message: string, details: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    send(httpStatusOf(code), { code, message, details, request_id: requestId }, headers);

  if (pathname === '/healthz') {
    metricName = 'healthz';
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return refuse('method_not_allowed', '/healthz takes GET', {}, { allow: 'GET' });
    const healthy = options.healthy ? await options.healthy().catch(() => false) : true;
    return send(healthy ? 200 : 503, { status: healthy ? 'ok' : 'unavailable' });
  }

  if (pathname === SESSION_PATH) {
    metricName = 'session';
    return handleSession(options, request, send, refuse);
  }

  const caller = await authenticateRequest(options, request);
  if (caller === 'unavailable') {
    return refuse(
      'service_unavailable',
      'The server cannot check the token now (its database does not answer); try again shortly',
      {},
      { 'retry-after': '5' },
    );
  }
  if (!caller) {
    return refuse('unauthorized', 'A valid "Authorization: Bearer <token>" header is required', {}, { 'www-authenticate': 'Bearer' });
  }
  const wait = options.rateLimiter.take(`${caller.tenant}\u0000${caller.id}`);
  if (wait > 0) {
    return refuse('rate_limited', `Too many calls; try again in ${wait} s`, { retryAfterSeconds: wait }, { 'retry-after': String(wait) });
  }

  if (pathname === '/metrics') {
    metricName = 'metrics';
    if (request.method !== 'GET') return refuse('method_not_allowed', '/metrics takes GET', {}, { allow: 'GET' });
    // The figures cover the whole server (every tenant's jobs): its operator's, not a tenant's.
    if (!caller.permissions.has('system:manage')) return refuse('forbidden', 'You lack the permission system:manage, which /metrics needs');
    return send(200, options.metrics.render(await options.jobFigures()), {}, 'text/plain; version=0.0.4; charset=utf-8');
  }
  if (pathname === `${API_PREFIX}/openapi.json`) {
    metricName = 'openapi';
    if (request.method !== 'GET') return refuse('method_not_allowed', 'openapi.json takes GET', {}, { allow: 'GET' });
    return send(200, openApiDocument());
  }

  /**
   * Runs a method for this request and sends its answer or error envelope: once per
   * `Idempotency-Key` when one is sent (the POST paths), as it is otherwise.
   */
  const run = async (method: MethodName, input: unknown, key?: string | string[]): Promise<void> => {
    const dispatch = async (idempotency?: IdempotencyFence): Promise<{ status: number; body: unknown }> => {
      const outcome = await options.dispatcher.dispatch(method, input, {
        requestId,
        caller,
        ...(idempotency ? { idempotency } : {}),
        ...(request.socket.remoteAddress ? { clientAddress: request.socket.remoteAddress } : {}),
      });
      if (outcome.ok) return { status: 200, body: outcome.result };
      const { code, message, details } = outcome.error;
      return { status: httpStatusOf(code), body: { code, message, details, request_id: requestId } };
    };
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const code = (body as { code?: unknown } | null)?.code;
      // A database that does not answer is the server's trouble, and passing: say when to try again.
      return send(status, body, code === 'service_unavailable' ? { 'retry-after': '5', ...headers } : headers);
    };
    try {
      if (key !== undefined && options.idempotency) {
        if (typeof key !== 'string') return refuse('invalid_input', 'Send one Idempotency-Key header, not several');
        const guarded = await options.idempotency.run(caller, key, method, input, dispatch);
        return answer(guarded.status, guarded.body, guarded.replayed ? { 'idempotent-replayed': 'true' } : {});
      }
      const { status, body } = await dispatch();
      return answer(status, body);
    } catch (error) {
      const wire = toWireError(error);
      if (wire.code === 'internal') logFailure(options.logger, 'error', `HTTP call of ${method} failed`, error, { requestId });
      const retry = (wire.details as { retryAfterSeconds?: unknown }).retryAfterSeconds;
      return refuse(wire.code, wire.message, wire.details, typeof retry === 'number' ? { 'retry-after': String(retry) } : {});
    }
  };

  const rest = matchRestRoute(
    request.method ?? 'GET',
    pathname.slice(API_PREFIX.length),
    new URL(request.url ?? '/', 'http://localhost').searchParams,
  );
  if (rest && 'allow' in rest)
    return refuse('method_not_allowed', `${pathname.slice(0, 200)} takes ${rest.allow}`, {}, { allow: rest.allow });
  if (rest) {
    metricName = rest.method;
    // A body is not read here: these paths take their input from the path and the query.
    return run(rest.method, rest.input);
  }

  const method = pathname.slice(API_PREFIX.length + 1);
  if (!isMethodName(method)) {
    return refuse('unknown_path', `No API method at ${pathname.slice(0, 200)}; GET ${API_PREFIX}/openapi.json lists them`);
  }
  metricName = method;
  if (request.method !== 'POST') return refuse('method_not_allowed', `${method} takes POST`, {}, { allow: 'POST' });
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  const body = await readBody(request, MAX_API_BODY_BYTES);
  if (body === 'aborted') return void response.destroy();
  if (body === 'too_large') {
    response.once('finish', () => request.destroy());
    return refuse(
      'payload_too_large',
      `The body is larger than ${MAX_API_BODY_BYTES} bytes`,
      { limit: MAX_API_BODY_BYTES },
      { connection: 'close' },
    );
  }
  let input: unknown = {};
  if (body.length > 0) {
    if (contentType !== 'application/json') return refuse('unsupported_media_type', 'Send the input as application/json');
    try {
      input = JSON.parse(strictUtf8.decode(body));
    } catch {
      return refuse('invalid_json', 'The body is not valid JSON text (UTF-8)');
    }
  }
  return run(method, input, request.headers[IDEMPOTENCY_HEADER]);
}

type Send = (status: number, body: unknown, headers?: Record<string, string>, contentType?: string) => void;
type Refuse = (code: ErrorCode, message: string, details?: Record<string, unknown>, headers?: Record<string, string>) => void;

async function handleSession(options: HttpApiOptions, request: IncomingMessage, send: Send, refuse: Refuse): Promise<void> {
  const secure = options.secure ?? false;
  if (request.method === 'DELETE') {
    // Signing out of a shared server ends the session token itself, not only this browser's copy.
    const token = presentedToken(request, options.cookieName());
    if (token !== undefined && options.passwords && sameOrigin(request)) {
      await options.passwords.logout(token).catch((error: unknown) => {
        logFailure(options.logger, 'warn', 'Ending a session failed', error, { token: tokenFingerprint(token) });
      });
    }
    return send(204, '', { 'set-cookie': clearedSessionCookie(options.cookieName(), secure) });
  }
  if (request.method === 'GET') {
    const caller = await authenticateRequest(options, request);
    if (caller === 'unavailable') return refuse('service_unavailable', 'The server cannot check the sign-in now; try again shortly');
    // Not an error for the asking page: it shows the sign-in instead (and the console stays clean).
    if (!caller) return send(200, { signedIn: false, passwords: options.passwords !== undefined });
    return send(200, { signedIn: true, actor: caller.id, tenant: caller.tenant, permissions: [...caller.permissions].sort() });
  }
  if (request.method !== 'POST')
    return refuse('method_not_allowed', `${SESSION_PATH} takes GET, POST or DELETE`, {}, { allow: 'GET, POST, DELETE' });
  if (!sameOrigin(request)) return refuse('forbidden', 'Sign-in is accepted only from this server’s own pages');
  const body = await readBody(request, MAX_SESSION_BODY_BYTES);
  if (body === 'aborted') return;
  if (body === 'too_large') return refuse('payload_too_large', `The body is larger than ${MAX_SESSION_BODY_BYTES} bytes`);
  let parsed: { token?: unknown; name?: unknown; password?: unknown } | null;
  try {
    parsed = JSON.parse(strictUtf8.decode(body)) as typeof parsed;
  } catch {
    return refuse('invalid_json', 'The body is not valid JSON text (UTF-8)');
  }
  if (parsed !== null && typeof parsed === 'object' && 'password' in parsed) return passwordSignIn(options, request, parsed, send, refuse);
  const token = parsed?.token;
  if (typeof token !== 'string' || token.length === 0 || token.length > 512) {
    return refuse(
      'invalid_input',
      options.passwords ? 'Send { "name": "…", "password": "…" } or { "token": "…" }' : 'Send { "token": "…" }',
    );
  }
  const caller = await authenticateToken(options, token);
  if (caller === 'unavailable') return refuse('service_unavailable', 'The server cannot check the token now; try again shortly');
  if (!caller) return refuse('unauthorized', 'That token is not valid here (wrong, expired or revoked)');
  return send(200, { actor: caller.id, tenant: caller.tenant }, { 'set-cookie': sessionCookie(options.cookieName(), token, secure) });
}

/**
 * `POST /api/v1/session {name, password}`: a browser page gets the session as its HttpOnly cookie and
 * never sees the token; a client without an Origin (the CLI, the desktop's main process) gets the
 * token in the answer to keep.
 */
async function passwordSignIn(
  options: HttpApiOptions,
  request: IncomingMessage,
  body: { name?: unknown; password?: unknown },
  send: Send,
  refuse: Refuse,
): Promise<void> {
  if (!options.passwords) return refuse('invalid_input', 'This server signs in with tokens only: send { "token": "…" }');
  const { name, password } = body;
  if (typeof name !== 'string' || name.length === 0 || name.length > 63 || typeof password !== 'string' || password.length > 1024) {
    return refuse('invalid_input', 'Send { "name": "…", "password": "…" } (a name of at most 63 characters)');
  }
  let session;
  try {
    session = await options.passwords.login({ name, password, address: request.socket.remoteAddress ?? 'unknown' });
  } catch (error) {
    const wire = toWireError(error);
    const retry = (wire.details as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    return refuse(wire.code, wire.message, wire.details, typeof retry === 'number' ? { 'retry-after': String(retry) } : {});
  }
  const answer = { actor: session.user.id, user: session.user, tenant: session.user.tenant, expiresAt: session.expiresAt };
  const cookie = sessionCookie(options.cookieName(), session.token, options.secure ?? false);
  if (request.headers.origin === undefined) return send(200, { ...answer, token: session.token }, { 'set-cookie': cookie });
  return send(200, answer, { 'set-cookie': cookie });
}

/** Whether a browser request comes from this server's own pages (no Origin: not a browser, allowed). */
export function sameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

async function authenticateRequest(options: HttpApiOptions, request: IncomingMessage): Promise<Caller | undefined | 'unavailable'> {
  const token = presentedToken(request, options.cookieName());
  if (token === undefined) return undefined;
  // A cookie rides along with any request the browser makes: only this server's own pages may use it.
  if (!request.headers.authorization && !sameOrigin(request)) return undefined;
  return authenticateToken(options, token);
}

async function authenticateToken(options: HttpApiOptions, token: string): Promise<Caller | undefined | 'unavailable'> {
  try {
    return await options.authenticate(token);
  } catch (error) {
    // A store that is down is not a wrong token: the client should retry, not sign in again.
    logFailure(options.logger, 'warn', 'Authenticating a call failed', error, { token: tokenFingerprint(token) });
    return 'unavailable';
  }
}

/** A short, non-reversible name for a token, for log lines (never the token). */
export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 12);
}
