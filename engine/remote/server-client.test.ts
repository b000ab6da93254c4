import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { NimbusError } from '../errors.js';
import { connectToServer, signIn } from './server-client.js';
import { normaliseServerUrl } from './server-url.js';
import { jobOutcome } from './job-outcome.js';

type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A plain HTTP server answering as the test says: stands in for a Nimbus server or something else. */
async function httpServer(handler: Handler): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => handler(request, response, body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const json = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
};

async function caught(promise: Promise<unknown>): Promise<NimbusError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(NimbusError);
    return error as NimbusError;
  }
  throw new Error('expected a rejection');
}

describe('the server client', () => {
  it('calls a method with the bearer token and returns its answer', async () => {
    const seen: { path?: string; authorization?: string; body?: string } = {};
    const { url } = await httpServer((request, response, body) => {
      Object.assign(seen, { path: request.url, authorization: request.headers.authorization, body });
      json(response, 200, [{ id: 't1', name: 'web' }]);
    });
    const client = connectToServer({ url: `${url}/`, token: 'nmb_p_secret' });
    expect(await client.call('listTopologies', {})).toEqual([{ id: 't1', name: 'web' }]);
    expect(seen).toEqual({ path: '/api/v1/listTopologies', authorization: 'Bearer nmb_p_secret', body: '{}' });
    await client.dispose();
    await expect(client.call('listTopologies', {})).rejects.toMatchObject({ code: 'disposed' });
  });

  it("turns the server's error envelope into a NimbusError with its code, message and details", async () => {
    const { url } = await httpServer((_request, response) =>
      json(response, 403, {
        code: 'forbidden',
        message: 'You lack the permission topology:create',
        details: { permission: 'topology:create' },
        request_id: 'r-1',
      }),
    );
    const error = await caught(connectToServer({ url, token: 't' }).call('createTopology', { name: 'x' }));
    expect(error).toMatchObject({
      code: 'forbidden',
      message: 'You lack the permission topology:create',
      details: { permission: 'topology:create', requestId: 'r-1' },
    });
  });

  it('keeps a code this build does not know under unknown_code, with the server’s code in the details', async () => {
    const { url } = await httpServer((_request, response) =>
      json(response, 400, { code: 'quota_exceeded_somewhere_new', message: 'The team quota is used up', details: {} }),
    );
    const error = await caught(connectToServer({ url, token: 't' }).call('listTopologies', {}));
    expect(error).toMatchObject({
      code: 'unknown_code',
      message: 'The team quota is used up',
      details: { serverCode: 'quota_exceeded_somewhere_new' },
    });
  });

  it('says when the address answers but not as a Nimbus server (a proxy page, not JSON)', async () => {
    const { url } = await httpServer((_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end('<html>Bad gateway</html>');
    });
    const error = await caught(connectToServer({ url, token: 't' }).call('listTopologies', {}));
    expect(error.code).toBe('server_answer_invalid');
    expect(error.message).toContain(url);
    expect(error.message).toContain('502');
  });

  it('names the server when nothing answers there, and never the token', async () => {
    const { url, server } = await httpServer(() => undefined);
    server.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const error = await caught(connectToServer({ url, token: 'nmb_p_secret' }).call('listTopologies', {}));
    expect(error).toMatchObject({ code: 'server_unreachable', details: { url, reason: 'ECONNREFUSED' } });
    expect(error.message).toBe(`Cannot reach the Nimbus server at ${url} (connection refused: is the server running?)`);
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain('nmb_p_secret');
  });

  it('gives up on a server that does not answer in time', async () => {
    const { url } = await httpServer(() => undefined);
    const error = await caught(connectToServer({ url, token: 't', timeoutMs: 100 }).call('listTopologies', {}));
    expect(error).toMatchObject({ code: 'server_unreachable', message: `The Nimbus server at ${url} did not answer in time` });
  });

  it('signs in with name and password, and reports a wrong password with the server’s code', async () => {
    const { url } = await httpServer((request, response, body) => {
      const { name, password } = JSON.parse(body) as { name: string; password: string };
      if (request.headers.origin !== undefined) return json(response, 400, { code: 'invalid_input', message: 'origin sent', details: {} });
      if (password !== 'right')
        return json(response, 401, { code: 'invalid_credentials', message: 'Wrong user name or password', details: {} });
      json(response, 200, {
        token: 'nmb_s_abc',
        actor: 'u1',
        user: { id: 'u1', name, tenant: 'acme' },
        tenant: 'acme',
        expiresAt: '2030-01-01T00:00:00.000Z',
      });
    });
    expect(await signIn(`${url}//`, 'root', 'right')).toEqual({
      url,
      token: 'nmb_s_abc',
      user: { id: 'u1', name: 'root', tenant: 'acme' },
      tenant: 'acme',
      expiresAt: '2030-01-01T00:00:00.000Z',
    });
    const error = await caught(signIn(url, 'root', 'wrong'));
    expect(error.code).toBe('invalid_credentials');
    expect(JSON.stringify(error.details)).not.toContain('wrong');
  });

  it('streams job events from one WebSocket with the bearer token, and reconnects when it drops', async () => {
    const { url, server } = await httpServer(() => undefined);
    const wss = new WebSocketServer({ noServer: true });
    const authorizations: (string | undefined)[] = [];
    server.on('upgrade', (request, socket, head) => {
      authorizations.push(request.headers.authorization);
      if (request.url !== '/api/ws') return void socket.destroy();
      wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws));
    });
    const client = connectToServer({ url, token: 'tok', reconnect: { initialMs: 20, maxMs: 40 } });
    const states: string[] = [];
    client.onConnectionState((state) => states.push(state));
    const events: unknown[] = [];
    const stop = client.onJobEvent((event) => events.push(event));
    const connected = () => new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
    let ws = await connected();
    ws.send(JSON.stringify({ type: 'job-event', event: { jobId: 'j1', seq: 1, type: 'job.started' } }));
    await expect.poll(() => events.length).toBe(1);
    ws.terminate();
    ws = await connected();
    ws.send(JSON.stringify({ type: 'job-event', event: { jobId: 'j1', seq: 2, type: 'job.log' } }));
    await expect.poll(() => events.length).toBe(2);
    expect(authorizations).toEqual(['Bearer tok', 'Bearer tok']);
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'open']);
    stop();
    await client.dispose();
    expect(states.at(-1)).toBe('closed');
    wss.close();
  });

  it('stops reconnecting once the server refuses the token', async () => {
    let attempts = 0;
    const { url, server } = await httpServer(() => undefined);
    server.on('upgrade', (_request, socket) => {
      attempts += 1;
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
    });
    const client = connectToServer({ url, token: 'revoked', reconnect: { initialMs: 10, maxMs: 10 } });
    const states: string[] = [];
    client.onConnectionState((state) => states.push(state));
    client.onJobEvent(() => undefined);
    await expect.poll(() => states.at(-1)).toBe('unauthorized');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(attempts).toBe(1);
    await client.dispose();
  });

  it('waits for a job by its events and by reading it, whichever comes first', async () => {
    let reads = 0;
    const { url } = await httpServer((_request, response) => {
      reads += 1;
      json(response, 200, { job: { id: 'j1', status: reads >= 3 ? 'succeeded' : 'running' }, events: [] });
    });
    const client = connectToServer({ url, token: 't' });
    const job = await jobOutcome({ call: client.call.bind(client), onJobEvent: () => () => undefined }, 'j1', 10);
    expect(job).toMatchObject({ id: 'j1', status: 'succeeded' });
    expect(reads).toBe(3);
  });
});

describe('server addresses', () => {
  it('writes one server one way and refuses what is not a server address', () => {
    expect(normaliseServerUrl(' https://Nimbus.Example.com:443/ ')).toBe('https://nimbus.example.com');
    expect(normaliseServerUrl('http://127.0.0.1:7420/team/')).toBe('http://127.0.0.1:7420/team');
    expect(() => normaliseServerUrl('nimbus.example.com')).toThrow(/not a server address/);
    expect(() => normaliseServerUrl('ftp://x')).toThrow(/https:\/\//);
    expect(() => normaliseServerUrl('https://root:pw@x')).toThrow(/without a user name or password/);
    expect(() => normaliseServerUrl('https://x/?token=1')).toThrow(/without \?query/);
  });
});
