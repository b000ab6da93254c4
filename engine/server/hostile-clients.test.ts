import { connect as connectTcp, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { useTestServer } from '../test-support/test-server.js';
import { until } from '../test-support/until.js';
import { WEBHOOK_PATH } from './webhook.js';
import { WS_PATH } from './ws-protocol.js';

const running = useTestServer();
/** The header that signs a raw or `ws` client in as the engine's owner. */
const bearer = () => `Bearer ${running.engine.ownerToken()}`;

/** A raw TCP connection that has completed the WebSocket handshake; `bytes` collects what came back. */
async function rawWebSocket(): Promise<{ socket: Socket; received: () => Buffer; closed: Promise<void> }> {
  // `closed` resolves once the server has sent its close frame (or hung up); then we hang up too.
  const socket = connectTcp(running.server.port, '127.0.0.1');
  const chunks: Buffer[] = [];
  let hungUp = false;
  socket.on('close', () => (hungUp = true));
  socket.on('error', () => undefined);
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(
    `GET ${WS_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${bearer()}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  await until(() => Buffer.concat(chunks).includes('\r\n\r\n'), 'the server answers the WebSocket handshake');
  expect(Buffer.concat(chunks).toString()).toMatch(/^HTTP\/1\.1 101/);
  chunks.length = 0;
  const closeSent = until(() => hungUp || closeCode(Buffer.concat(chunks)) !== undefined, 'the server sends a close frame or hangs up', {
    timeoutMs: 10_000,
  }).then(() => void socket.destroy());
  return { socket, received: () => Buffer.concat(chunks), closed: closeSent };
}

/** A masked client frame (clients must mask) with the given first byte and payload. */
function frame(firstByte: number, payload: Buffer): Buffer {
  const mask = Buffer.from([1, 2, 3, 4]);
  const masked = Buffer.from(payload.map((byte, index) => byte ^ mask[index % 4]!));
  const header =
    payload.length < 126
      ? Buffer.from([firstByte, 0x80 | payload.length])
      : Buffer.from([firstByte, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([header, mask, masked]);
}

/** The close code of the first close frame the server sent, if any. */
function closeCode(bytes: Buffer): number | undefined {
  const at = bytes.findIndex((byte, index) => byte === 0x88 && index + 3 < bytes.length);
  return at >= 0 ? bytes.readUInt16BE(at + 2) : undefined;
}

/** The server still serves the API: a fresh client gets an answer. */
async function stillAnswers(): Promise<void> {
  const ws = new WebSocket(`ws://127.0.0.1:${running.server.port}${WS_PATH}`, { headers: { authorization: bearer() } });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const reply = new Promise<Record<string, unknown>>((resolve) =>
    ws.once('message', (data: WebSocket.RawData) => resolve(JSON.parse(data.toString()) as Record<string, unknown>)),
  );
  ws.send(JSON.stringify({ type: 'call', id: 1, method: 'getSystemInfo' }));
  expect(await reply).toMatchObject({ id: 1, ok: true });
  ws.close();
}

async function rawHttp(request: string | Buffer): Promise<string> {
  const socket = connectTcp(running.server.port, '127.0.0.1');
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('error', () => undefined);
  let closed = false;
  socket.on('close', () => (closed = true));
  socket.write(request);
  await until(() => closed || Buffer.concat(chunks).includes('\r\n\r\n'), 'the server answers or hangs up');
  socket.destroy();
  return Buffer.concat(chunks).toString('latin1');
}

describe('nimbus serve against hostile clients', () => {
  it('closes a connection that sends a garbage frame and keeps serving everybody else', async () => {
    const unmasked = await rawWebSocket();
    unmasked.socket.write(Buffer.from([0xff, 0xff, 0x01, 0x02]));
    await unmasked.closed;
    expect(closeCode(unmasked.received())).toBe(1002);
    const badOpcode = await rawWebSocket();
    badOpcode.socket.write(frame(0x83, Buffer.from('x')));
    await badOpcode.closed;
    await stillAnswers();
  });

  it('closes a connection whose frame is over the size limit (1009) without reading it', async () => {
    const client = await rawWebSocket();
    const header = Buffer.alloc(14);
    header[0] = 0x81;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(1n << 40n, 2);
    client.socket.write(header);
    await client.closed;
    expect(closeCode(client.received())).toBe(1009);
    await stillAnswers();
  });

  it('closes a text frame with invalid UTF-8 (1007), answers a binary one and bad JSON with an error', async () => {
    const text = await rawWebSocket();
    text.socket.write(frame(0x81, Buffer.from([0x7b, 0xc3, 0x28, 0x7d])));
    await text.closed;
    expect(closeCode(text.received())).toBe(1007);

    const ws = new WebSocket(`ws://127.0.0.1:${running.server.port}${WS_PATH}`, { headers: { authorization: bearer() } });
    await new Promise((resolve) => ws.once('open', resolve));
    const replies: Record<string, unknown>[] = [];
    ws.on('message', (data: WebSocket.RawData) => replies.push(JSON.parse(data.toString()) as Record<string, unknown>));
    ws.send(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), { binary: true });
    ws.send('null');
    ws.send('{"type":"call","id":1e300,"method":"getSystemInfo"}');
    ws.send(`[${'['.repeat(100_000)}`);
    await until(() => replies.length === 4, 'four replies arrive');
    for (const reply of replies) expect(reply).toMatchObject({ ok: false, id: null, error: { code: 'invalid_message' } });
    ws.send(`{"type":"call","id":5,"method":"createTopology","input":{"name":"deep","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`);
    await until(() => replies.length === 5, 'the fifth reply arrives');
    expect(replies[4]).toMatchObject({
      ok: false,
      id: 5,
      error: { code: 'too_deeply_nested', message: expect.stringContaining('nested more than 64 levels deep') },
    });
    ws.close();
    await stillAnswers();
  });

  it('answers an unparsable request target and broken headers with 400, not a crash', async () => {
    expect(await rawHttp('GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect(
      await rawHttp(
        `GET ${WS_PATH} HTTP/1.1\r\nHost: x\r\nAuthorization: ${bearer()}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: nope\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      ),
    ).toMatch(/^HTTP\/1\.1 400/);
    expect(await rawHttp('\x00\x01\x02garbage\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect(await rawHttp(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 431/);
    await stillAnswers();
  });

  it('refuses a huge webhook body with 413 before reading it, declared or streamed', async () => {
    const token = await running.engine.webhookToken();
    const declared = await rawHttp(
      `POST ${WEBHOOK_PATH} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Length: 10000000000\r\n\r\n{`,
    );
    expect(declared).toMatch(/^HTTP\/1\.1 413/);
    const socket = connectTcp(running.server.port, '127.0.0.1');
    socket.on('error', () => undefined);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.write(`POST ${WEBHOOK_PATH} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nTransfer-Encoding: chunked\r\n\r\n`);
    const chunk = 'x'.repeat(16 * 1024);
    for (let i = 0; i < 8; i += 1) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    await until(() => Buffer.concat(chunks).includes('\r\n\r\n'), 'the server answers the oversized chunked body');
    expect(Buffer.concat(chunks).toString()).toMatch(/^HTTP\/1\.1 413/);
    socket.destroy();
    const invalidUtf8 = await fetch(`http://127.0.0.1:${running.server.port}${WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: Buffer.from([0x7b, 0xc3, 0x28, 0x7d]),
    });
    expect(invalidUtf8.status).toBe(400);
    await stillAnswers();
    const logged = await running.engine.dispatcher.dispatch('listEvents', {});
    expect(logged.ok && logged.result).toEqual([]);
  });

  it('survives clients that hang up in the middle of a request or a frame', async () => {
    const token = await running.engine.webhookToken();
    const half = connectTcp(running.server.port, '127.0.0.1');
    half.on('error', () => undefined);
    await new Promise((resolve) => half.once('connect', resolve));
    half.write(`POST ${WEBHOOK_PATH} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Length: 1000\r\n\r\n{"type":`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    half.destroy();
    const client = await rawWebSocket();
    client.socket.write(frame(0x81, Buffer.from('{"type":"call","id":1,"method":"getSystemInfo"}')).subarray(0, 10));
    client.socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await stillAnswers();
  });
});
