import WebSocket from 'ws';
import { tokenFor } from './server-tokens.js';

/** Calls one API method of a running `nimbus serve` over its WebSocket, as the browser shell does. */
export async function callApi<T = unknown>(baseUrl: string, method: string, input: unknown): Promise<T> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws').replace(/\/$/, '')}/api/ws`, {
    headers: { authorization: `Bearer ${tokenFor(baseUrl)}` },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const reply = new Promise<{ ok: boolean; result?: T; error?: { message: string } }>((resolve) => {
      ws.on('message', (data) => {
        const message = JSON.parse(data.toString()) as { type: string; id: number; ok: boolean; result?: T; error?: { message: string } };
        if (message.type === 'result' && message.id === 1) resolve(message);
      });
    });
    ws.send(JSON.stringify({ type: 'call', id: 1, method, input }));
    const outcome = await reply;
    if (!outcome.ok) throw new Error(`${method} failed: ${outcome.error?.message}`);
    return outcome.result as T;
  } finally {
    ws.close();
  }
}
