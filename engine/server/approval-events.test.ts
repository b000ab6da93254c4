import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { useTestServer } from '../test-support/test-server.js';
import { WS_PATH } from './ws-protocol.js';

const running = useTestServer();

function connect(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${running.server.port}${WS_PATH}`, {
      headers: { authorization: `Bearer ${running.engine.ownerToken()}` },
    });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Every message the socket receives, in order. */
function collect(ws: WebSocket): Record<string, unknown>[] {
  const messages: Record<string, unknown>[] = [];
  ws.on('message', (data: WebSocket.RawData) => messages.push(JSON.parse(data.toString()) as Record<string, unknown>));
  return messages;
}

async function until<T>(find: () => T | undefined): Promise<T> {
  for (let i = 0; i < 200; i += 1) {
    const found = find();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('timed out');
}

describe('approval events over the WebSocket', () => {
  it('tells connected clients of a new request and of its decision', async () => {
    const ws = await connect();
    const messages = collect(ws);
    let next = 0;
    const rpc = async (method: string, input: unknown) => {
      const id = (next += 1);
      ws.send(JSON.stringify({ type: 'call', id, method, input }));
      return until(() => messages.find((message) => message.type === 'result' && message.id === id));
    };
    expect(await rpc('createLocalSandbox', {})).toMatchObject({ ok: true });
    expect(await rpc('setApprovalPolicy', { environment: 'sandbox', actions: ['deploy'] })).toMatchObject({ ok: true });
    const document = {
      schemaVersion: 1,
      nodes: [{ id: 'disk', label: 'disk', component: 'local-storage@1', position: { x: 0, y: 0 }, params: { size_mb: 1 } }],
      wires: [],
    };
    const asked = (await rpc('startDeployment', { environment: 'sandbox', name: 'box', document })) as {
      error: { code: string; details: { requestId: string } };
    };
    expect(asked.error.code).toBe('approval_pending');
    const requestId = asked.error.details.requestId;
    const requested = await until(() => messages.find((message) => message.type === 'approval-event'));
    expect(requested).toMatchObject({
      event: { type: 'approval.requested', requestId, status: 'pending', subject: 'box', tenant: 'default' },
    });
    expect(await rpc('rejectApprovalRequest', { id: requestId, comment: 'not today' })).toMatchObject({
      ok: true,
      result: { status: 'rejected' },
    });
    const decided = await until(() =>
      messages.find((message) => message.type === 'approval-event' && (message.event as { type: string }).type === 'approval.decided'),
    );
    expect(decided).toMatchObject({ event: { requestId, status: 'rejected', by: 'local-user' } });
    ws.close();
  });
});
