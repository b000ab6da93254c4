/**
 * A Node client of a shared Nimbus server's API, for the CLI and the desktop's main process: calls
 * over HTTP (`POST /api/v1/{method}` with the bearer token), job events over one WebSocket that
 * reconnects, sign-in with a name and password, and sign-out. Typed by the contract; the server
 * validates every input, so the client checks nothing it would check again and only turns answers
 * into results or Nimbus errors.
 *
 * HTTPS uses Node's certificate checks, which honour NODE_EXTRA_CA_CERTS (a server with its own
 * certificate authority); there is deliberately no way to turn verification off.
 */
import WebSocket from 'ws';
import type { MethodInput, MethodOutput } from '../api/contract.js';
import type { MethodName } from '../common/method-names.js';
import type { JobEvent } from '../api/schemas/jobs.js';
import { TopologyEventNoticeSchema, type TopologyEventNotice } from '../api/schemas/topology-documents.js';
import { NimbusError } from '../errors.js';
import { WS_PATH, type ServerMessage } from '../server/ws-protocol.js';
import { answerError, connectionError } from './server-errors.js';
import { normaliseServerUrl, serverEndpoint } from './server-url.js';

/** The API's path prefix on a server. */
const API_PATH = 'api/v1';

/** What a bearer token may hold: visible ASCII, at most 4 KiB. */
const TOKEN_TEXT = /^[\x21-\x7e]{1,4096}$/;

/** How long one call may take before the client gives up (jobs return their id at once). */
const DEFAULT_TIMEOUT_MS = 120_000;

/** What signing in gives: the session token (kept by the client, shown to nobody) and who signed in. */
export interface ServerSession {
  url: string;
  token: string;
  user: { id: string; name: string; tenant: string };
  tenant: string;
  expiresAt: string;
}

/** Whether the job-event connection is up: `unauthorized` means the token no longer works (sign in again). */
export type EventConnectionState = 'connecting' | 'open' | 'reconnecting' | 'unauthorized' | 'closed';

/** One server, one token: calls, job events, sign-out. */
export interface ServerClient {
  /** The server's address, normalised (`https://host[:port][/path]`). */
  readonly url: string;
  /**
   * Calls one API method as the token's holder; rejects with the server's error as a NimbusError.
   * With `idempotencyKey` the server runs the call at most once for that key (the outbox's sends).
   */
  call<M extends MethodName>(method: M, input: MethodInput<M>, options?: CallOptions): Promise<MethodOutput<M>>;
  /** Whether the server answers `/healthz` with 200 (no sign-in needed); false when it cannot be reached. */
  healthy(): Promise<boolean>;
  /** Every job event the server pushes (over one shared WebSocket, opened on the first listener). */
  onJobEvent(listener: (event: JobEvent) => void): () => void;
  /** Live notices about shared topologies the server pushes on the same WebSocket (checked by their schema). */
  onTopologyEvent(listener: (event: TopologyEventNotice) => void): () => void;
  /** Changes of the job-event connection, e.g. to show "reconnecting…" or ask to sign in again. */
  onConnectionState(listener: (state: EventConnectionState) => void): () => void;
  /** Ends the session on the server (the token stops working everywhere), then disposes the client. */
  signOut(): Promise<void>;
  /** Closes the event connection and stops reconnecting; calls after this are refused. */
  dispose(): Promise<void>;
}

/** How one call is sent. */
export interface CallOptions {
  /** Sent as `Idempotency-Key`: a repeat with the same key gets the first answer instead of running again. */
  idempotencyKey?: string;
  /** This call's time limit, instead of the client's. */
  timeoutMs?: number;
}

/** How to reach a server. */
export interface ServerClientOptions {
  url: string;
  token: string;
  /** Per-call time limit in milliseconds (default two minutes). */
  timeoutMs?: number;
  /** Reconnect pauses of the event connection: from `initialMs`, doubling up to `maxMs`. */
  reconnect?: { initialMs?: number; maxMs?: number };
}

/** POSTs JSON and reads the JSON answer; a failure to connect names the server. */
async function post(
  serverUrl: string,
  relative: string,
  body: unknown,
  headers: Record<string, string>,
  timeoutMs: number,
  method = 'POST',
): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(serverEndpoint(serverUrl, relative), {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), accept: 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw connectionError(serverUrl, error);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw connectionError(serverUrl, error);
  }
  if (text === '') return { status: response.status, body: undefined };
  try {
    return { status: response.status, body: JSON.parse(text) as unknown };
  } catch {
    throw answerError(serverUrl, response.status, undefined);
  }
}

/**
 * Signs in with a user name and password; the answer carries the session token this once. A wrong
 * name or password is `invalid_credentials` (which of the two is never said).
 */
export async function signIn(url: string, name: string, password: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<ServerSession> {
  const serverUrl = normaliseServerUrl(url);
  const answer = await post(serverUrl, `${API_PATH}/session`, { name, password }, {}, timeoutMs);
  if (answer.status !== 200) throw answerError(serverUrl, answer.status, answer.body);
  const body = answer.body as Partial<ServerSession> | undefined;
  if (!body || typeof body.token !== 'string' || !body.user || typeof body.expiresAt !== 'string')
    throw new NimbusError('server_answer_invalid', `${serverUrl} did not answer the sign-in as a Nimbus server does`, { url: serverUrl });
  return { url: serverUrl, token: body.token, user: body.user, tenant: body.tenant ?? body.user.tenant, expiresAt: body.expiresAt };
}

/** Ends a session token on the server; a token that already stopped working is not an error. */
export async function signOut(url: string, token: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
  const serverUrl = normaliseServerUrl(url);
  // A token no server could have issued has no session to end.
  if (!TOKEN_TEXT.test(token)) return;
  const answer = await post(serverUrl, `${API_PATH}/session`, undefined, { authorization: `Bearer ${token}` }, timeoutMs, 'DELETE');
  if (answer.status >= 400) throw answerError(serverUrl, answer.status, answer.body);
}

/** A client of one server with one token. */
export function connectToServer(options: ServerClientOptions): ServerClient {
  const url = normaliseServerUrl(options.url);
  // Checked here, before any header is built: Node's own refusal would quote the header, token and all.
  if (!TOKEN_TEXT.test(options.token))
    throw new NimbusError(
      'invalid_input',
      'The token has characters no Nimbus token has (spaces, line breaks, non-ASCII) or is empty; copy it again',
      {},
    );
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const authorization = `Bearer ${options.token}`;
  const events = new JobEventConnection(url, authorization, options.reconnect?.initialMs ?? 500, options.reconnect?.maxMs ?? 30_000);
  let disposed = false;

  const client: ServerClient = {
    url,
    async call<M extends MethodName>(method: M, input: MethodInput<M>, call: CallOptions = {}): Promise<MethodOutput<M>> {
      if (disposed) throw new NimbusError('disposed', `The client of ${url} was closed; ${method} was not sent`, { method });
      const headers: Record<string, string> = { authorization };
      if (call.idempotencyKey !== undefined) headers['idempotency-key'] = call.idempotencyKey;
      const answer = await post(url, `${API_PATH}/${method}`, input ?? {}, headers, call.timeoutMs ?? timeoutMs);
      if (answer.status !== 200) throw answerError(url, answer.status, answer.body);
      return answer.body as MethodOutput<M>;
    },
    async healthy() {
      try {
        const answer = await post(url, 'healthz', undefined, {}, Math.min(timeoutMs, 10_000), 'GET');
        return answer.status === 200;
      } catch {
        return false;
      }
    },
    onJobEvent: (listener) => events.addListener(listener),
    onTopologyEvent: (listener) => events.addTopologyListener(listener),
    onConnectionState: (listener) => events.addStateListener(listener),
    async signOut() {
      try {
        await signOut(url, options.token, timeoutMs);
      } finally {
        await client.dispose();
      }
    },
    dispose() {
      disposed = true;
      events.close();
      return Promise.resolve();
    },
  };
  return client;
}

/** The one WebSocket to `/api/ws` that brings job events; opened on demand, reopened with backoff. */
class JobEventConnection {
  private readonly listeners = new Set<(event: JobEvent) => void>();
  private readonly topologyListeners = new Set<(event: TopologyEventNotice) => void>();
  private readonly stateListeners = new Set<(state: EventConnectionState) => void>();
  private socket: WebSocket | undefined;
  private timer: NodeJS.Timeout | undefined;
  private pause: number;
  private closed = false;
  private state: EventConnectionState = 'closed';

  constructor(
    private readonly serverUrl: string,
    private readonly authorization: string,
    private readonly initialMs: number,
    private readonly maxMs: number,
  ) {
    this.pause = initialMs;
  }

  addListener(listener: (event: JobEvent) => void): () => void {
    this.listeners.add(listener);
    if (!this.socket && !this.timer && !this.closed && this.state !== 'unauthorized') this.open();
    return () => {
      this.listeners.delete(listener);
    };
  }

  addTopologyListener(listener: (event: TopologyEventNotice) => void): () => void {
    this.topologyListeners.add(listener);
    if (!this.socket && !this.timer && !this.closed && this.state !== 'unauthorized') this.open();
    return () => {
      this.topologyListeners.delete(listener);
    };
  }

  addStateListener(listener: (state: EventConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => {
      this.stateListeners.delete(listener);
    };
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.terminate();
    }
    this.setState('closed');
  }

  private setState(state: EventConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of [...this.stateListeners]) listener(state);
  }

  private open(): void {
    const address = serverEndpoint(this.serverUrl, WS_PATH.replace(/^\//, ''));
    address.protocol = address.protocol === 'https:' ? 'wss:' : 'ws:';
    this.setState(this.state === 'closed' ? 'connecting' : 'reconnecting');
    const socket = new WebSocket(address, { headers: { authorization: this.authorization }, handshakeTimeout: 15_000 });
    this.socket = socket;
    socket.on('open', () => {
      this.pause = this.initialMs;
      this.setState('open');
    });
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      let message: ServerMessage;
      try {
        message = JSON.parse(Buffer.from(data as Buffer).toString('utf8')) as ServerMessage;
      } catch {
        return;
      }
      if (message.type === 'topology-event') {
        const notice = TopologyEventNoticeSchema.safeParse(message.event);
        if (notice.success) for (const listener of [...this.topologyListeners]) listener(notice.data);
        return;
      }
      if (message.type !== 'job-event') return;
      for (const listener of [...this.listeners]) listener(message.event as JobEvent);
    });
    socket.on('unexpected-response', (_request, response) => {
      // 401/403: the token no longer works; trying again would only be refused again.
      const refused = response.statusCode === 401 || response.statusCode === 403;
      response.resume();
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.terminate();
      this.socket = undefined;
      if (refused) this.setState('unauthorized');
      else this.retry();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.retry();
    });
  }

  private retry(): void {
    if (this.closed) return;
    this.setState('reconnecting');
    const pause = this.pause;
    this.pause = Math.min(this.pause * 2, this.maxMs);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.closed) this.open();
    }, pause);
    this.timer.unref();
  }
}
