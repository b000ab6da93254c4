import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createEngine, type Engine } from '../engine.js';
import { tempDir } from '../test-support/temp-dir.js';
import { startServer, type RunningServer } from './http-server.js';
import { WS_PATH } from './ws-protocol.js';

let temp: ReturnType<typeof tempDir>;
let engine: Engine;
let server: RunningServer;
let staticDir: string;

beforeEach(async () => {
  temp = tempDir();
  staticDir = path.join(temp.dir, 'static');
  mkdirSync(staticDir);
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Nimbus</title>');
  writeFileSync(path.join(staticDir, 'app.js'), 'console.log(1)');
  writeFileSync(path.join(temp.dir, 'secret.txt'), 'outside');
  engine = createEngine({ dataDir: path.join(temp.dir, 'data') });
  server = await startServer({ engine, port: 0, staticDir });
});
afterEach(async () => {
  await server.close();
  await engine.dispose();
  temp.remove();
});

function connect(headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${WS_PATH}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket, predicate: (message: Record<string, unknown>) => boolean = () => true): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as Record<string, unknown>;
      if (predicate(message)) {
        ws.off('message', onMessage);
        resolve(message);
      }
    };
    ws.on('message', onMessage);
  });
}

describe('nimbus serve', () => {
  it('answers API calls over WebSocket with the dispatcher', async () => {
    const ws = await connect();
    const reply = nextMessage(ws);
    ws.send(JSON.stringify({ type: 'call', id: 7, method: 'createTopology', input: { name: 'over the wire' } }));
    expect(await reply).toMatchObject({ type: 'result', id: 7, ok: true, result: { name: 'over the wire', revision: 1 } });
    const invalid = nextMessage(ws);
    ws.send(JSON.stringify({ type: 'call', id: 8, method: 'getTopology', input: { id: 42 } }));
    expect(await invalid).toMatchObject({ id: 8, ok: false, error: { code: 'invalid_input', details: { issues: [{ path: 'id' }] } } });
    ws.close();
  });

  it('answers malformed messages with an error instead of dropping the connection', async () => {
    const ws = await connect();
    const notJson = nextMessage(ws);
    ws.send('{not json');
    expect(await notJson).toMatchObject({ ok: false, id: null, error: { code: 'invalid_message' } });
    const wrongShape = nextMessage(ws);
    ws.send(JSON.stringify({ type: 'call', id: 3 }));
    expect(await wrongShape).toMatchObject({ ok: false, id: 3, error: { code: 'invalid_message', message: expect.stringContaining('method') } });
    const stillWorks = nextMessage(ws);
    ws.send(JSON.stringify({ type: 'call', id: 4, method: 'getSystemInfo' }));
    expect(await stillWorks).toMatchObject({ id: 4, ok: true, result: { backend: { kind: 'local' } } });
    ws.close();
  });

  it('pushes job events to connected clients', async () => {
    const ws = await connect();
    const jobEvent = nextMessage(ws, (message) => message.type === 'job-event');
    engine.jobs.start('test', 'pushed', async () => 'done');
    expect(await jobEvent).toMatchObject({ type: 'job-event', event: { seq: 1, type: 'job.started', title: 'pushed' } });
    ws.close();
  });

  it('refuses WebSocket connections from other origins', async () => {
    await expect(connect({ Origin: 'https://evil.example' })).rejects.toThrow(/403/);
    const ok = await connect({ Origin: `http://127.0.0.1:${server.port}` });
    ok.close();
  });

  it('serves the renderer with a CSP, falls back to index.html, never leaves its folder', async () => {
    const page = await fetch(`${server.url}planner/some-route`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<title>Nimbus</title>');
    expect((await fetch(`${server.url}app.js`)).headers.get('content-type')).toContain('text/javascript');
    const escape = await fetch(`${server.url}..%2Fsecret.txt`);
    expect(await escape.text()).not.toContain('outside');
  });

  it('reports a port in use clearly', async () => {
    await expect(startServer({ engine, port: server.port, staticDir })).rejects.toMatchObject({ code: 'port_in_use', message: expect.stringContaining(`Port ${server.port}`) });
  });
});
