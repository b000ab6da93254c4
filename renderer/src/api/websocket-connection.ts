import type { ApprovalEventNotice, JobEvent, MethodName, TopologyEventNotice } from '../../../engine/api/contract';
import { ApiError } from './api-error';
import { buildApi } from './build-api';
import type { ApiConnection, ConnectionState } from './connection';
import { isApprovalEvent, isJobEvent, isServerMessage, isTopologyEvent, type CallMessage } from './wire-messages';

/** The part of the browser's WebSocket the client uses; tests pass a fake. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: 'open' | 'close', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export interface WebSocketConnectionOptions {
  url: string;
  /** First and longest wait between reconnect attempts. */
  minRetryMs?: number;
  maxRetryMs?: number;
  /** How long a call made while disconnected waits for the link before it fails. */
  offlineCallTimeoutMs?: number;
  createSocket?: (url: string) => SocketLike;
}

// WebSocket.OPEN, spelled out so the client also runs where no global WebSocket exists (unit tests).
const OPEN = 1;

interface Call {
  id: number;
  method: MethodName;
  frame: string;
  resolve(result: unknown): void;
  reject(error: ApiError): void;
  offlineTimer?: ReturnType<typeof setTimeout>;
}

/**
 * The browser shell's client: one WebSocket to `nimbus serve`, calls paired with replies by id, job
 * events fanned out to subscribers. When the socket drops, calls in flight fail at once (the engine may
 * or may not have run them, so retrying blindly could create something twice) and the client reconnects with
 * exponential backoff; calls made meanwhile wait for the link.
 */
export function createWebSocketConnection(options: WebSocketConnectionOptions): ApiConnection {
  const minRetryMs = options.minRetryMs ?? 250;
  const maxRetryMs = options.maxRetryMs ?? 10_000;
  const offlineCallTimeoutMs = options.offlineCallTimeoutMs ?? 15_000;
  const createSocket = options.createSocket ?? ((url: string): SocketLike => new WebSocket(url));

  let socket: SocketLike | null = null;
  let state: ConnectionState = { status: 'connecting' };
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  let nextId = 1;
  const waiting: Call[] = [];
  const inFlight = new Map<number, Call>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  const jobListeners = new Set<(event: JobEvent) => void>();
  const approvalListeners = new Set<(event: ApprovalEventNotice) => void>();
  const topologyListeners = new Set<(event: TopologyEventNotice) => void>();

  const setState = (next: ConnectionState): void => {
    state = next;
    for (const listener of stateListeners) listener(next);
  };

  const send = (call: Call): void => {
    if (call.offlineTimer) clearTimeout(call.offlineTimer);
    inFlight.set(call.id, call);
    socket?.send(call.frame);
  };

  const failInFlight = (): void => {
    for (const call of inFlight.values()) {
      call.reject(
        new ApiError(
          'connection_lost',
          `The connection to the Nimbus server closed before "${call.method}" finished. It may or may not have been applied; check, then try again.`,
          { method: call.method },
        ),
      );
    }
    inFlight.clear();
  };

  const handleMessage = (data: unknown): void => {
    let message: unknown;
    try {
      message = typeof data === 'string' ? JSON.parse(data) : null;
    } catch {
      return;
    }
    if (!isServerMessage(message)) return;
    if (message.type === 'topology-event') {
      if (!isTopologyEvent(message.event)) return;
      for (const listener of topologyListeners) {
        try {
          listener(message.event);
        } catch (error) {
          console.error('A topology event listener failed', error);
        }
      }
      return;
    }
    if (message.type === 'approval-event') {
      if (!isApprovalEvent(message.event)) return;
      for (const listener of approvalListeners) {
        try {
          listener(message.event);
        } catch (error) {
          console.error('An approval event listener failed', error);
        }
      }
      return;
    }
    if (message.type === 'job-event') {
      if (!isJobEvent(message.event)) return;
      for (const listener of jobListeners) {
        try {
          listener(message.event);
        } catch (error) {
          console.error('A job event listener failed', error);
        }
      }
      return;
    }
    if (message.id === null) {
      // The server could not tell which call a malformed frame belonged to; nothing to settle.
      console.error('Nimbus server rejected a message', message.ok ? message : message.error);
      return;
    }
    const call = inFlight.get(message.id);
    if (!call) return;
    inFlight.delete(message.id);
    if (message.ok) call.resolve(message.result);
    else call.reject(ApiError.fromWire(message.error));
  };

  const scheduleReconnect = (): void => {
    const delay = Math.min(maxRetryMs, minRetryMs * 2 ** attempt) * (0.8 + Math.random() * 0.4);
    attempt += 1;
    setState({ status: 'reconnecting', attempt, retryAt: Date.now() + delay });
    retryTimer = setTimeout(connect, delay);
  };

  function connect(): void {
    retryTimer = undefined;
    if (disposed) return;
    setState({ status: 'connecting' });
    const ws = createSocket(options.url);
    socket = ws;
    ws.addEventListener('open', () => {
      if (socket !== ws) return;
      attempt = 0;
      setState({ status: 'open' });
      for (const call of waiting.splice(0)) send(call);
    });
    ws.addEventListener('message', (event) => {
      if (socket === ws) handleMessage(event.data);
    });
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      socket = null;
      failInFlight();
      if (!disposed) scheduleReconnect();
    });
  }

  const call = (method: MethodName, input: unknown): Promise<unknown> => {
    if (disposed) return Promise.reject(new ApiError('disposed', 'The app is shutting down; the request was not sent.'));
    return new Promise((resolve, reject) => {
      const id = nextId++;
      const message: CallMessage = { type: 'call', id, method, input };
      const entry: Call = { id, method, frame: JSON.stringify(message), resolve, reject };
      if (socket && socket.readyState === OPEN) {
        send(entry);
        return;
      }
      entry.offlineTimer = setTimeout(() => {
        const index = waiting.indexOf(entry);
        if (index >= 0) waiting.splice(index, 1);
        reject(
          new ApiError(
            'not_connected',
            `Cannot reach the Nimbus server at ${options.url}. Check that \`nimbus serve\` is still running; the app keeps trying to reconnect.`,
            { method },
          ),
        );
      }, offlineCallTimeoutMs);
      waiting.push(entry);
      // Someone is waiting for an answer: try now instead of sitting out the backoff.
      if (retryTimer !== undefined) {
        clearTimeout(retryTimer);
        connect();
      }
    });
  };

  const onJobEvent = (listener: (event: JobEvent) => void): (() => void) => {
    jobListeners.add(listener);
    return () => jobListeners.delete(listener);
  };

  const onApprovalEvent = (listener: (event: ApprovalEventNotice) => void): (() => void) => {
    approvalListeners.add(listener);
    return () => approvalListeners.delete(listener);
  };

  const onTopologyEvent = (listener: (event: TopologyEventNotice) => void): (() => void) => {
    topologyListeners.add(listener);
    return () => topologyListeners.delete(listener);
  };

  connect();

  return {
    api: buildApi(call, onJobEvent, onApprovalEvent, onTopologyEvent),
    transport: 'websocket',
    getState: () => state,
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    dispose() {
      disposed = true;
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      const closing = new ApiError('disposed', 'The app is shutting down; the request was cancelled.');
      for (const entry of waiting.splice(0)) {
        if (entry.offlineTimer) clearTimeout(entry.offlineTimer);
        entry.reject(closing);
      }
      for (const entry of inFlight.values()) entry.reject(closing);
      inFlight.clear();
      socket?.close();
      socket = null;
      stateListeners.clear();
      jobListeners.clear();
      approvalListeners.clear();
      setState({ status: 'closed' });
    },
  };
}
