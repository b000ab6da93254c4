import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { open, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { expectNothingLeft, takeResourceSnapshot } from './leak-check.js';
import { createTestEngine } from './test-engine.js';
import { createTestServer } from './test-server.js';

describe('expectNothingLeft', () => {
  it('passes when what a test started has ended', async () => {
    const before = takeResourceSnapshot();
    const timer = setTimeout(() => undefined, 60_000);
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    clearTimeout(timer);
    child.kill();
    await expectNothingLeft(before, 'The probe');
  });

  it('names a timer left running', async () => {
    const before = takeResourceSnapshot();
    const timer = setInterval(() => undefined, 60_000);
    try {
      await expect(expectNothingLeft(before, 'The probe', 100)).rejects.toThrow(
        /^The probe left running after it was disposed:\n- Timeout created at .*leak-check\.test\.ts:\d+/,
      );
    } finally {
      clearInterval(timer);
    }
  });

  it('names a listening server left open', async () => {
    const before = takeResourceSnapshot();
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      await expect(expectNothingLeft(before, 'The probe', 100)).rejects.toThrow(/- TCPSERVERWRAP created at /);
    } finally {
      server.close();
    }
  });

  it('names a file left open, and not one that was read and closed (closed handles linger until collected)', async () => {
    const before = takeResourceSnapshot();
    await readFile(import.meta.filename ?? new URL(import.meta.url).pathname);
    const handle = await open(new URL(import.meta.url).pathname);
    try {
      await expect(expectNothingLeft(before, 'The probe', 100)).rejects.toThrow(
        /^The probe left running after it was disposed:\n- FILEHANDLE created at [^\n]*$/,
      );
    } finally {
      await handle.close();
    }
    await expectNothingLeft(before, 'The probe');
  });

  it('names a child process left running, with its command line', async () => {
    const before = takeResourceSnapshot();
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await expect(expectNothingLeft(before, 'The probe', 100)).rejects.toThrow(`child process ${child.pid}: sleep 30`);
    } finally {
      child.kill();
      await once(child, 'exit');
    }
  });
});

describe('test engines and servers', () => {
  it('fail their disposal when the test left something running beside them', async () => {
    const made = await createTestEngine();
    const timer = setInterval(() => undefined, 60_000);
    try {
      await expect(made.dispose()).rejects.toThrow(
        /The engine on .* left running after it was disposed:\n- Timeout created at .*leak-check\.test\.ts/,
      );
    } finally {
      clearInterval(timer);
    }
    const served = await createTestServer();
    const stray = createServer().listen(0, '127.0.0.1');
    await once(stray, 'listening');
    try {
      await expect(served.close()).rejects.toThrow(
        new RegExp(`The server on port ${served.server.port} left running after it was disposed:\\n- TCPSERVERWRAP created at `),
      );
    } finally {
      stray.close();
    }
  });

  it('dispose cleanly when nothing was left', async () => {
    const made = await createTestEngine();
    await made.dispose();
    const served = await createTestServer();
    await served.close();
  });
});
