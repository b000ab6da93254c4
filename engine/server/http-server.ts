import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Engine } from '../engine.js';
import { NimbusError, toWireError } from '../errors.js';
import { logFailure } from '../logging/logger.js';
import { rendererDir } from '../paths.js';
import { sameToken } from '../identity/access-tokens.js';
import type { Caller } from '../api/authorization.js';
import type { JobEvent } from '../api/schemas/jobs.js';
import { JobEventAudience } from './job-event-audience.js';
import { createHttpApi, httpStatusOf, sameOrigin, type Authenticate, type PasswordSignIn } from './http-api.js';
import type { DispatchResult } from '../api/dispatcher.js';
import type { IdempotencyFence } from '../context/request-context.js';
import type { WireError } from '../api/schemas/jobs.js';
import { presentedToken, sessionCookie, sessionCookieName } from './session-cookie.js';
import { ServerMetrics } from './metrics.js';
import { RateLimiter, rateLimitFromEnv, type RateLimitPolicy } from './rate-limit.js';
import { serveStatic } from './static-files.js';
import { handleWebhook, WEBHOOK_PATH } from './webhook.js';
import { ClientMessageSchema, WS_PATH, type ServerMessage } from './ws-protocol.js';
import { strictUtf8 } from '../text/utf8.js';

export interface ServerOptions {
  engine: Engine;
  port: number;
  /** Loopback unless told otherwise. */
  host?: string;
  staticDir?: string;
  /** Who presents a token to the HTTP API; by default only the engine's owner token is accepted. */
  authenticate?: Authenticate;
  /** Calls per token; by default NIMBUS_RATE_LIMIT, else bursts of 120 and 20 per second after that. */
  rateLimit?: RateLimitPolicy;
  /** Serve HTTPS and WSS with this certificate and key (PEM text). */
  tls?: { cert: string; key: string };
  /** A shared server: sign-in with user name and password. */
  passwords?: PasswordSignIn;
  /** Whether what the server depends on (its database) answers, for `/healthz`. */
  healthy?: () => Promise<boolean>;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The port is taken by another program. */
export class PortInUseError extends NimbusError {
  override name = 'PortInUseError';
  constructor(host: string, port: number) {
    super(
      'port_in_use',
      `Port ${port} on ${host} is already in use. Stop the program using it or choose another with --port N (0 picks a free one).`,
      { host, port },
    );
  }
}

const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

/**
 * `nimbus serve`: the built renderer over HTTP and the API over WebSocket on one loopback port. The
 * WebSocket endpoint calls the same dispatcher as Electron IPC and pushes every job event.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const staticDir = options.staticDir ?? rendererDir();
  const { engine } = options;
  const secure = options.tls !== undefined;
  const cookieName = () => sessionCookieName((server.address() as AddressInfo).port);
  let ownerToken: string | undefined;
  const authenticate: Authenticate =
    options.authenticate ??
    ((token) => {
      // Derived from the master key: computed once per server, not once per request.
      ownerToken ??= engine.ownerToken();
      return Promise.resolve(sameToken(token, ownerToken) ? engine.owner : undefined);
    });
  const api = createHttpApi({
    dispatcher: engine.dispatcher,
    authenticate,
    metrics: new ServerMetrics(),
    rateLimiter: new RateLimiter(options.rateLimit ?? rateLimitFromEnv()),
    secure,
    cookieName,
    jobFigures: () => engine.jobs.figures(),
    logger: engine.logger,
    idempotency: engine.idempotency,
    ...(options.passwords ? { passwords: options.passwords } : {}),
    ...(options.healthy ? { healthy: options.healthy } : {}),
  });
  /**
   * `GET /…?token=T`: the address `nimbus serve` prints. A valid token becomes the session cookie and
   * the browser is sent on to the same page without it, so the token leaves the address bar and the
   * history; an invalid one is dropped the same way, and the page asks to sign in.
   */
  const signInFromAddress = async (request: IncomingMessage, response: ServerResponse, pathname: string, token: string) => {
    const caller = await authenticate(token).catch(() => undefined);
    response.writeHead(303, {
      location: pathname,
      'cache-control': 'no-store',
      ...(caller ? { 'set-cookie': sessionCookie(cookieName(), token, secure) } : {}),
    });
    response.end();
  };
  const handleRequest = (request: IncomingMessage, response: ServerResponse) => {
    // A client that goes away mid-request must not take the server with it.
    request.on('error', () => undefined);
    response.on('error', () => undefined);
    const pathname = requestPath(request);
    if (pathname === null) {
      response
        .writeHead(400, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' })
        .end('Bad request: the address cannot be parsed');
      return;
    }
    if (pathname === WEBHOOK_PATH) {
      void handleWebhook(options.engine, request, response).catch((error: unknown) => {
        logFailure(options.engine.logger, 'error', 'A webhook request failed', error, { path: WEBHOOK_PATH });
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
      return;
    }
    const signIn = tokenInAddress(request);
    if (signIn !== null) {
      void signInFromAddress(request, response, pathname, signIn);
      return;
    }
    if (api.handles(pathname)) {
      void api.handle(request, response, pathname).catch((error: unknown) => {
        logFailure(engine.logger, 'error', 'An API request failed', error, { path: pathname.slice(0, 200) });
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
      return;
    }
    serveStatic(staticDir, request, response);
  };
  const server = options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handleRequest)
    : createServer(handleRequest);
  // Malformed requests (bad headers, oversized header blocks) get a status line, never an exception.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') return void socket.destroy();
    socket.end(
      error.code === 'HPE_HEADER_OVERFLOW'
        ? 'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n'
        : 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n',
    );
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  wss.on('error', () => undefined);
  const sockets = new Set<WebSocket>();

  /** The caller of a WebSocket upgrade: a bearer header (scripts) or the session cookie (the page). */
  const upgradeCaller = async (request: IncomingMessage): Promise<{ caller: Caller; token: string } | undefined> => {
    // An upgrade that arrives while the server is closing (no address any more) is refused.
    if (server.address() === null) return undefined;
    const token = presentedToken(request, cookieName());
    if (token === undefined || !sameOrigin(request)) return undefined;
    const caller = await authenticate(token).catch((error: unknown) => {
      logFailure(engine.logger, 'warn', 'Authenticating a WebSocket connection failed', error);
      return undefined;
    });
    return caller ? { caller, token } : undefined;
  };

  server.on('upgrade', (request, socket, head) => {
    socket.on('error', () => socket.destroy());
    if (requestPath(request) !== WS_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    if (!sameOrigin(request)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    void upgradeCaller(request).then((signedIn) => {
      if (!signedIn) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request, signedIn));
    });
  });

  // Each client hears the events of the jobs its caller may read: its own tenant's, never another's.
  const audience = new JobEventAudience((caller, jobId) => engine.mayFollowJob(caller, jobId));
  const senders = new Map<WebSocket, (event: JobEvent) => void>();
  const unsubscribe = options.engine.onJobEvent((event) => {
    for (const send of senders.values()) send(event);
  });

  // Approval changes go to the clients of the request's tenant that may read approvals (the store's own
  // scope rule: a tenant sees its own requests only), so requesters and approvers see decisions live.
  const watchers = new Map<WebSocket, () => Caller>();
  const stopApprovalEvents = engine.approvals.onEvent((event) => {
    for (const [ws, caller] of watchers) {
      const who = caller();
      if (who.tenant === event.tenant && who.permissions.has('approval:read') && ws.readyState === ws.OPEN)
        ws.send(JSON.stringify({ type: 'approval-event', event } satisfies ServerMessage));
    }
  });
  // Notices about shared topologies (another editor's change or selection) go to the readers of topologies of their tenant.
  const stopTopologyEvents = engine.topologyEvents.onEvent(({ tenant, notice }) => {
    for (const [ws, caller] of watchers) {
      const who = caller();
      if (who.tenant === tenant && who.permissions.has('topology:read') && ws.readyState === ws.OPEN)
        ws.send(JSON.stringify({ type: 'topology-event', event: notice } satisfies ServerMessage));
    }
  });

  /** One client's session: its token, and the caller it is now (roles change, sessions end). */
  interface Session {
    token: string;
    caller: Caller;
  }

  let connections = 0;
  wss.on('connection', (ws: WebSocket, upgrade: IncomingMessage, signedIn: { caller: Caller; token: string }) => {
    const clientAddress = upgrade.socket.remoteAddress;
    connections += 1;
    const connection = connections;
    const session: Session = { ...signedIn };
    sockets.add(ws);
    senders.set(
      ws,
      audience.forClient(
        () => session.caller,
        (event) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'job-event', event } satisfies ServerMessage));
        },
      ),
    );
    watchers.set(ws, () => session.caller);
    const forget = () => {
      sockets.delete(ws);
      senders.delete(ws);
      watchers.delete(ws);
    };
    ws.on('close', forget);
    // A broken frame (bad opcode, invalid UTF-8, over the size limit) closes this connection with the
    // matching close code (1002, 1007, 1009); `ws` does that itself once the error is handled.
    ws.on('error', forget);
    // handleMessage answers every failure it can; what is left (a socket that broke while answering) goes to the log.
    ws.on(
      'message',
      (data, isBinary) =>
        void handleMessage(ws, connection, session, clientAddress, data, isBinary).catch((error: unknown) =>
          logFailure(options.engine.logger, 'warn', 'Answering a WebSocket message failed', error, { connection }),
        ),
    );
  });

  /** WebSocket close code of a connection whose session ended (expired, revoked, signed out, user disabled). */
  const SESSION_ENDED = 4401;

  const handleMessage = async (
    ws: WebSocket,
    connection: number,
    session: Session,
    clientAddress: string | undefined,
    data: RawData,
    isBinary: boolean,
  ): Promise<void> => {
    const send = (message: ServerMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    let raw: unknown;
    try {
      raw = JSON.parse(frameText(data, isBinary));
    } catch {
      send({
        type: 'result',
        id: null,
        ok: false,
        error: toWireError(new NimbusError('invalid_message', 'The message is not valid JSON text (UTF-8)')),
      });
      return;
    }
    const parsed = ClientMessageSchema.safeParse(raw);
    if (!parsed.success) {
      const candidate = (raw as { id?: unknown } | null)?.id;
      const id = typeof candidate === 'number' && Number.isSafeInteger(candidate) && candidate >= 0 ? candidate : null;
      const issue = parsed.error.issues[0];
      send({
        type: 'result',
        id,
        ok: false,
        error: toWireError(
          new NimbusError('invalid_message', `Malformed message: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`),
        ),
      });
      return;
    }
    const { id, method, input, idempotencyKey } = parsed.data;
    // The session is checked again for every call, as over HTTP: a revoked token or a disabled user
    // stops working on an open connection too, and changed roles take effect.
    const current = await authenticate(session.token).catch(() => 'unavailable' as const);
    if (current === 'unavailable') {
      send({
        type: 'result',
        id,
        ok: false,
        error: toWireError(new NimbusError('service_unavailable', 'The server cannot check the sign-in now; try again shortly')),
      });
      return;
    }
    if (!current) {
      send({ type: 'result', id, ok: false, error: toWireError(new NimbusError('unauthorized', 'The session ended; sign in again')) });
      ws.close(SESSION_ENDED, 'session ended');
      return;
    }
    session.caller = current;
    const caller = current;
    let outcome: DispatchResult;
    // The request id names the connection and the client's call number, so a log line can be matched to a call.
    const dispatch = (idempotency?: IdempotencyFence) =>
      options.engine.dispatcher.dispatch(method, input, {
        requestId: `ws-${connection}-${id}`,
        caller,
        ...(clientAddress ? { clientAddress } : {}),
        ...(idempotency ? { idempotency } : {}),
      });
    try {
      if (idempotencyKey === undefined) outcome = await dispatch();
      else {
        // Kept and replayed as the HTTP API keeps them, so a key means the same on both transports.
        const guarded = await options.engine.idempotency.run(caller, idempotencyKey, method, input, async (fence) => {
          const answer = await dispatch(fence);
          return answer.ok ? { status: 200, body: answer.result } : { status: httpStatusOf(answer.error.code), body: answer.error };
        });
        outcome = guarded.status < 400 ? { ok: true, result: guarded.body } : { ok: false, error: guarded.body as WireError };
      }
    } catch (error) {
      outcome = { ok: false as const, error: toWireError(error) };
    }
    try {
      send(outcome.ok ? { type: 'result', id, ok: true, result: outcome.result } : { type: 'result', id, ok: false, error: outcome.error });
    } catch (error) {
      // A result that cannot be serialised (a cycle, a BigInt) is reported instead of lost.
      send({ type: 'result', id, ok: false, error: toWireError(error) });
    }
  };

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(host, options.port) : error);
    };
    server.once('error', onError);
    server.listen(options.port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });

  const { port } = server.address() as AddressInfo;
  server.on('error', () => undefined);
  return {
    url: `${secure ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    port,
    async close() {
      unsubscribe();
      stopApprovalEvents();
      stopTopologyEvents();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The token of a `GET …?token=…` page request (the address `nimbus serve` prints), else null. */
function tokenInAddress(request: IncomingMessage): string | null {
  if (request.method !== 'GET') return null;
  try {
    const token = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token');
    return token && token.length <= 512 ? token : null;
  } catch {
    return null;
  }
}

/** The path of a request, or null when its target is not a parsable address (`GET http://[`). */
function requestPath(request: IncomingMessage): string | null {
  try {
    return new URL(request.url ?? '/', 'http://localhost').pathname;
  } catch {
    // The caller answers 400; the client's mistake is not the server's to log.
    return null;
  }
}

/** A frame's bytes as text; `ws` checks text frames are UTF-8, binary ones are checked here (throws). */
function frameText(data: RawData, isBinary: boolean): string {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  return isBinary ? strictUtf8.decode(bytes) : bytes.toString('utf8');
}
