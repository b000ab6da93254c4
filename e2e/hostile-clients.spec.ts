import { connect } from 'node:net';
import { expect, test } from './fixtures.js';

// The real `nimbus serve` process against clients that send garbage: it must keep running and serving.
const upgrade = (token: string) =>
  `GET /api/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`;

/** Opens a raw TCP connection, writes `first`, then `after` once the server answers; resolves when it hangs up or after a second. */
function raw(port: number, first: string, after?: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(first));
    let received = Buffer.alloc(0);
    let wrote = false;
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (after && !wrote) {
        wrote = true;
        socket.write(after);
      }
    });
    socket.on('error', () => undefined);
    const done = () => resolve(received.toString('latin1'));
    socket.on('close', done);
    setTimeout(() => {
      socket.destroy();
      done();
    }, 1000);
  });
}

test('nimbus serve keeps running after malformed frames, bad requests and huge bodies', async ({ page, nimbus: server }) => {
  const port = Number(new URL(server.url).port);
  const UPGRADE = upgrade(server.token);
  const oversized = Buffer.alloc(14);
  oversized[0] = 0x81;
  oversized[1] = 0x80 | 127;
  oversized.writeBigUInt64BE(1n << 40n, 2);
  expect(await raw(port, UPGRADE, Buffer.from([0xff, 0xff, 0x01, 0x02]))).toMatch(/^HTTP\/1\.1 101/);
  expect(await raw(port, UPGRADE, oversized)).toMatch(/^HTTP\/1\.1 101/);
  expect(await raw(port, UPGRADE, Buffer.from([0x81, 0x84, 1, 2, 3, 4, 0x7b ^ 1, 0xc3 ^ 2, 0x28 ^ 3, 0x7d ^ 4]))).toMatch(
    /^HTTP\/1\.1 101/,
  );
  expect(await raw(port, 'GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
  expect(
    await raw(port, 'POST /hooks/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer nope\r\nContent-Length: 99999999999\r\n\r\n{'),
  ).toMatch(/^HTTP\/1\.1 401/);
  expect(server.process.exitCode).toBeNull();
  await page.goto(server.url);
  await expect(page.getByRole('navigation').first()).toBeVisible();
  expect(server.process.exitCode).toBeNull();
});

test('the planner refuses a topology file over 16 MiB before reading it', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('status-connection')).toHaveAttribute('data-state', 'open');
  await page.getByTestId('nav-planner').click();
  await expect(page.getByTestId('planner-empty')).toBeVisible();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('empty-open-file').click();
  await (await chooser).setFiles({ name: 'huge.yaml', mimeType: 'application/yaml', buffer: Buffer.alloc(16 * 1024 * 1024 + 1, 0x61) });
  await expect(page.getByTestId('file-issues-dialog')).toContainText('huge.yaml cannot be opened');
  await expect(page.getByTestId('file-issues')).toContainText('The file is 16.0 MiB; files up to 16 MiB can be opened');
});
