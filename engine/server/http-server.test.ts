import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { useTestServer } from '../test-support/test-server.js';
import { startServer } from './http-server.js';
import { WS_PATH } from './ws-protocol.js';

const running = useTestServer({
  staticDir: (dir) => {
    const staticDir = path.join(dir, 'static');
    mkdirSync(staticDir);
    writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Nimbus</title>');
    writeFileSync(path.join(staticDir, 'app.js'), 'console.log(1)');
    writeFileSync(path.join(dir, 'secret.txt'), 'outside');
    return staticDir;
  },
});

function connect(headers: Record<string, string> = { authorization: `Bearer ${running.engine.ownerToken()}` }): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${running.server.port}${WS_PATH}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function nextMessage(
  ws: WebSocket,
  predicate: (message: Record<string, unknown>) => boolean = () => true,
): Promise<Record<string, unknown>> {
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
    expect(await wrongShape).toMatchObject({
      ok: false,
      id: 3,
      error: { code: 'invalid_message', message: expect.stringContaining('method') },
    });
    const stillWorks = nextMessage(ws);
    ws.send(JSON.stringify({ type: 'call', id: 4, method: 'getSystemInfo' }));
    expect(await stillWorks).toMatchObject({ id: 4, ok: true, result: { backend: { kind: 'local' } } });
    ws.close();
  });

  it('pushes job events to connected clients', async () => {
    const ws = await connect();
    const jobEvent = nextMessage(ws, (message) => message.type === 'job-event');
    running.engine.jobs.start('test', 'pushed', async () => 'done');
    expect(await jobEvent).toMatchObject({ type: 'job-event', event: { seq: 1, type: 'job.started', title: 'pushed' } });
    ws.close();
  });

  it('refuses WebSocket connections from other origins, and without a token', async () => {
    const authorization = `Bearer ${running.engine.ownerToken()}`;
    await expect(connect({ Origin: 'https://evil.example', authorization })).rejects.toThrow(/403/);
    await expect(connect({})).rejects.toThrow(/401/);
    await expect(connect({ authorization: 'Bearer nmb_o_guess' })).rejects.toThrow(/401/);
    await expect(connect({ cookie: `nimbus_session_${running.server.port}=nmb_o_guess` })).rejects.toThrow(/401/);
    const ok = await connect({ Origin: `http://127.0.0.1:${running.server.port}`, authorization });
    ok.close();
  });

  it('signs a browser in from the printed address: the token becomes an HttpOnly cookie and leaves the address', async () => {
    const token = running.engine.ownerToken();
    const signIn = await fetch(`${running.server.url}planner?token=${token}`, { redirect: 'manual' });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe('/planner');
    const cookie = signIn.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^nimbus_session_${running.server.port}=nmb_o_[^;]+; Path=/; HttpOnly; SameSite=Strict$`));
    const session = cookie.split(';')[0]!;
    const ws = await connect({ cookie: session, Origin: `http://127.0.0.1:${running.server.port}` });
    ws.close();
    const check = await fetch(`${running.server.url}api/v1/session`, { headers: { cookie: session } });
    expect(await check.json()).toMatchObject({ signedIn: true, actor: 'local-user' });
    // The cookie is no good from another site's page.
    const crossSite = await fetch(`${running.server.url}api/v1/listTopologies`, {
      method: 'POST',
      headers: { cookie: session, origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(401);

    const wrong = await fetch(`${running.server.url}?token=nmb_o_wrong`, { redirect: 'manual' });
    expect(wrong.status).toBe(303);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect(await (await fetch(`${running.server.url}api/v1/session`)).json()).toEqual({ signedIn: false, passwords: false });
  });

  it('signs in with a pasted token and out again', async () => {
    const url = `${running.server.url}api/v1/session`;
    const bad = await fetch(url, {
      method: 'POST',
      body: JSON.stringify({ token: 'nmb_o_wrong' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(401);
    const good = await fetch(url, { method: 'POST', body: JSON.stringify({ token: running.engine.ownerToken() }) });
    expect(good.status).toBe(200);
    expect(good.headers.get('set-cookie')).toMatch(new RegExp(`^nimbus_session_${running.server.port}=nmb_o_`));
    const foreign = await fetch(url, {
      method: 'POST',
      body: JSON.stringify({ token: running.engine.ownerToken() }),
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    const out = await fetch(url, { method: 'DELETE' });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(new RegExp(`^nimbus_session_${running.server.port}=; .*Max-Age=0`));
  });

  it('serves the renderer with a CSP, falls back to index.html, never leaves its folder', async () => {
    const page = await fetch(`${running.server.url}planner/some-route`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<title>Nimbus</title>');
    expect((await fetch(`${running.server.url}app.js`)).headers.get('content-type')).toContain('text/javascript');
    const escape = await fetch(`${running.server.url}..%2Fsecret.txt`);
    expect(await escape.text()).not.toContain('outside');
  });

  it('reports a port in use clearly', async () => {
    await expect(startServer({ engine: running.engine, port: running.server.port, staticDir: running.dir })).rejects.toMatchObject({
      code: 'port_in_use',
      message: expect.stringContaining(`Port ${running.server.port}`),
    });
  });
});
