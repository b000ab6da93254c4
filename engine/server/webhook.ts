import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../engine.js';
import { toWireError } from '../errors.js';

/** Where external systems post events to `nimbus serve`. */
export const WEBHOOK_PATH = '/hooks/events';
const MAX_BODY_BYTES = 64 * 1024;

/**
 * `POST /hooks/events` with `Authorization: Bearer <token>` and a JSON body `{ type, instanceId?,
 * payload? }`: the event goes through the routing rules like any other and the answer is its event
 * log entry (what it did to each instance). Wrong token 401, not JSON 400, too large 413.
 */
export async function handleWebhook(engine: Engine, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const reply = (status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(JSON.stringify(body));
  };
  if (request.method !== 'POST') {
    response.setHeader('allow', 'POST');
    return reply(405, { code: 'method_not_allowed', message: `${WEBHOOK_PATH} takes POST` });
  }
  if (!authorized(request.headers.authorization, engine.webhookToken())) {
    return reply(401, { code: 'unauthorized', message: 'A valid "Authorization: Bearer <token>" header is required; `nimbus events token` shows the token' });
  }
  let body: Buffer;
  try {
    body = await readBody(request);
  } catch {
    return reply(413, { code: 'payload_too_large', message: `The body is larger than ${MAX_BODY_BYTES} bytes` });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return reply(400, { code: 'invalid_json', message: 'The body is not valid JSON' });
  }
  try {
    return reply(202, engine.events.route('webhook', parsed));
  } catch (error) {
    const wire = toWireError(error);
    return reply(wire.code === 'internal' ? 500 : 400, wire);
  }
}

function authorized(header: string | undefined, token: string): boolean {
  const match = /^Bearer (\S+)$/.exec(header ?? '');
  if (!match) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(match[1]!), digest(token));
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.destroy();
        reject(new Error('too large'));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
