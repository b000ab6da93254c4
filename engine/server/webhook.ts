import { sameToken } from '../identity/access-tokens.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorCode } from '../common/error-codes.js';
import type { Engine } from '../engine.js';
import { toWireError } from '../errors.js';
import { strictUtf8 } from '../text/utf8.js';
import { readBody } from './read-body.js';

/** Where external systems post events to `nimbus serve`. */
export const WEBHOOK_PATH = '/hooks/events';
const MAX_BODY_BYTES = 64 * 1024;

/**
 * `POST /hooks/events` with `Authorization: Bearer <token>` and a JSON body `{ type, instanceId?,
 * payload? }`: the event goes through the routing rules like any other and the answer is its event
 * log entry (what it did to each instance). Wrong token 401, not JSON 400, too large 413.
 */
export async function handleWebhook(engine: Engine, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const reply = (status: number, body: unknown, close = false) => {
    if (response.headersSent || response.destroyed) return;
    response.writeHead(status, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      ...(close ? { connection: 'close' } : {}),
    });
    response.end(JSON.stringify(body));
  };
  const refuse = (status: number, code: ErrorCode, message: string, close = false) => reply(status, { code, message }, close);
  if (request.method !== 'POST') {
    response.setHeader('allow', 'POST');
    return refuse(405, 'method_not_allowed', `${WEBHOOK_PATH} takes POST`);
  }
  if (!authorized(request.headers.authorization, await engine.webhookToken())) {
    return refuse(401, 'unauthorized', 'A valid "Authorization: Bearer <token>" header is required; `nimbus events token` shows the token');
  }
  const body = await readBody(request, MAX_BODY_BYTES);
  if (body === 'too_large') {
    // Answer, then drop the connection rather than read the rest of an oversized body.
    response.once('finish', () => request.destroy());
    return refuse(413, 'payload_too_large', `The body is larger than ${MAX_BODY_BYTES} bytes`, true);
  }
  if (body === 'aborted') return void response.destroy();
  let parsed: unknown;
  try {
    parsed = JSON.parse(strictUtf8.decode(body));
  } catch {
    return refuse(400, 'invalid_json', 'The body is not valid JSON text (UTF-8)');
  }
  try {
    return reply(202, await engine.events.route('webhook', parsed));
  } catch (error) {
    const wire = toWireError(error);
    return reply(wire.code === 'internal' ? 500 : 400, wire);
  }
}

function authorized(header: string | undefined, token: string): boolean {
  const match = /^Bearer (\S+)$/.exec(header ?? '');
  if (!match) return false;
  return sameToken(match[1]!, token);
}
