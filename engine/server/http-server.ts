import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Engine } from '../engine.js';
import { NimbusError, toWireError } from '../errors.js';
import { rendererDir } from '../paths.js';
import { serveStatic } from './static-files.js';
import { handleWebhook, WEBHOOK_PATH } from './webhook.js';
import { ClientMessageSchema, WS_PATH, type ServerMessage } from './ws-protocol.js';

export interface ServerOptions {
  engine: Engine;
  port: number;
  /** Always loopback unless told otherwise: the API has no authentication yet. */
  host?: string;
  staticDir?: string;
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
    super('port_in_use', `Port ${port} on ${host} is already in use. Stop the program using it or choose another with --port N (0 picks a free one).`, { host, port });
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
  const server = createServer((request, response) => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname === WEBHOOK_PATH) {
      void handleWebhook(options.engine, request, response).catch(() => {
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
      return;
    }
    serveStatic(staticDir, request, response);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const sockets = new Set<WebSocket>();

  const isAllowedOrigin = (request: IncomingMessage): boolean => {
    const origin = request.headers.origin;
    if (!origin) return true; // Non-browser clients (CLI, tests) send none.
    try {
      const { hostname, port } = new URL(origin);
      const address = server.address() as AddressInfo;
      return ['127.0.0.1', 'localhost'].includes(hostname) && Number(port) === address.port;
    } catch {
      return false;
    }
  };

  server.on('upgrade', (request, socket, head) => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (pathname !== WS_PATH || !isAllowedOrigin(request)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });

  const unsubscribe = options.engine.onJobEvent((event) => {
    const message = JSON.stringify({ type: 'job-event', event } satisfies ServerMessage);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(message);
  });

  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', async (data) => {
      const send = (message: ServerMessage) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(message));
      let raw: unknown;
      try {
        raw = JSON.parse(data.toString());
      } catch {
        send({ type: 'result', id: null, ok: false, error: toWireError(new NimbusError('invalid_message', 'The message is not valid JSON')) });
        return;
      }
      const parsed = ClientMessageSchema.safeParse(raw);
      if (!parsed.success) {
        const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : null;
        const issue = parsed.error.issues[0];
        send({ type: 'result', id, ok: false, error: toWireError(new NimbusError('invalid_message', `Malformed message: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`)) });
        return;
      }
      const { id, method, input } = parsed.data;
      const outcome = await options.engine.dispatcher.dispatch(method, input);
      send(outcome.ok ? { type: 'result', id, ok: true, result: outcome.result } : { type: 'result', id, ok: false, error: outcome.error });
    });
  });

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
  return {
    url: `http://${host}:${port}/`,
    port,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
