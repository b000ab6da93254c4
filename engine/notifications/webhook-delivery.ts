/**
 * Webhook requests of the notification gateway: an HTTP POST of a JSON body, signed so the receiver
 * can tell it came from this server and was not replayed later. The signature is the hex
 * HMAC-SHA256, keyed with the channel's signing secret, of `<timestamp>.<body>`, sent as
 * `X-Nimbus-Signature: sha256=<hex>` beside `X-Nimbus-Timestamp: <unix seconds>`.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { excerpt } from '../text/excerpt.js';

/** How long a receiver may take to answer. */
const WEBHOOK_TIMEOUT_MS = 10_000;

/** A new signing secret: 32 random bytes, shown to the user once. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('hex')}`;
}

/** The signature header value of a body sent at `timestamp` (unix seconds). */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Whether a signature header matches (constant time); what a receiver does, and the tests. */
export function verifyWebhookSignature(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * Posts `body` to `url`, signed with `secret`. Resolves on a 2xx answer; rejects with the status
 * otherwise, on a redirect (not followed: the URL is what was configured),
 * or when the receiver cannot be reached or is too slow.
 */
export async function postWebhook(url: string, secret: string, body: string, deliveryId: string): Promise<void> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Nimbus-Notifications/1',
        'x-nimbus-delivery': deliveryId,
        'x-nimbus-timestamp': timestamp,
        'x-nimbus-signature': signWebhook(secret, timestamp, body),
      },
      body,
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`The webhook receiver could not be reached: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
  if (response.status >= 200 && response.status < 300) {
    await response.body?.cancel();
    return;
  }
  // Only the status is kept, never the answer's body: a URL pointing inside the server's network
  // must not make the error a way to read what answers there.
  await response.body?.cancel().catch(() => undefined);
  throw new Error(`The webhook receiver answered ${response.status}${response.statusText ? ` ${excerpt(response.statusText, 60)}` : ''}`);
}
