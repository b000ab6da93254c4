import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../store/sqlite.js';
import { DATABASE_FILE } from '../store/store.js';
import { useLeakCheck } from '../test-support/leak-check.js';
import { tempDir } from '../test-support/temp-dir.js';
import { NIMBUS_VERSION } from '../version.js';
import { NimbusError } from '../errors.js';
import { captureCli } from './capture-cli.js';
import { runCli } from './main.js';
import { reportCliError } from './report-error.js';

useLeakCheck();
let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir();
});
afterEach(() => temp.remove());

const cli = (...args: string[]) => captureCli(args);

describe('nimbus CLI', () => {
  it('prints its version and help', async () => {
    expect(await cli('--version')).toMatchObject({ code: 0, out: `${NIMBUS_VERSION}\n` });
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('nimbus serve [--port N] [--host ADDR]');
    expect(help.out).toContain('nimbus plan FILE --env NAME');
  });

  it('rejects an unknown flag or command with exit code 2 and a hint', async () => {
    expect(await cli('serve', '--prot', '80')).toMatchObject({ code: 2, err: expect.stringContaining("Unknown option '--prot'") });
    expect(await cli('deploy-everything')).toMatchObject({ code: 2, err: expect.stringContaining('unknown command "deploy-everything"') });
    expect(await cli('serve', '--port', 'eighty')).toMatchObject({ code: 2, err: expect.stringContaining('--port must be a number') });
  });

  it('refuses an unusable data directory with exit code 1', async () => {
    const file = path.join(temp.dir, 'not-a-dir');
    writeFileSync(file, 'x');
    const result = await cli('serve', '--data', path.join(file, 'data'), '--port', '0');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/data directory .* cannot be used/);
  });

  it('refuses a database from a newer version with exit code 1', async () => {
    const db = openSqlite(path.join(temp.dir, DATABASE_FILE));
    db.pragma('user_version = 1000');
    db.close();
    const result = await cli('serve', '--data', temp.dir, '--port', '0');
    expect(result.code).toBe(1);
    expect(result.err).toContain('written by a newer version');
  });

  it('serves until SIGTERM as a real process, using NIMBUS_DATA_DIR', { timeout: 30_000 }, async () => {
    const bin = path.resolve('bin/nimbus.js');
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], {
      env: { ...process.env, NIMBUS_DATA_DIR: temp.dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Open (http:\/\/\S+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
    });
    expect(output).toContain(`serving data directory ${temp.dir}`);
    expect((await fetch(url)).status).toBeLessThan(600);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('warns when serving beyond this machine without TLS, and serves HTTPS with a certificate', { timeout: 60_000 }, async () => {
    const key = path.join(temp.dir, 'key.pem');
    const cert = path.join(temp.dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-days',
        '1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    const start = (...args: string[]) => {
      const child = spawn(process.execPath, [path.resolve('bin/nimbus.js'), 'serve', '--port', '0', '--data', temp.dir, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      const signIn = new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /Sign in this browser: (\S+)/.exec(out);
          if (match?.[1]) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}${err}`)));
      });
      const stop = async () => {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      };
      return { signIn, stop, err: () => err };
    };

    const plain = start('--host', '0.0.0.0');
    await plain.signIn;
    expect(plain.err()).toMatch(/warning: serving on 0\.0\.0\.0 without TLS/);
    await plain.stop();

    const secure = start('--host', '127.0.0.1', '--tls-cert', cert, '--tls-key', key);
    const address = await secure.signIn;
    expect(address).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/\?token=nmb_o_/);
    expect(secure.err()).toBe('');
    const answer = await new Promise<{ status: number; cookie: string }>((resolve, reject) => {
      httpsGet(address, { ca: readFileSync(cert) }, (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, cookie: String(response.headers['set-cookie'] ?? '') });
      }).on('error', reject);
    });
    expect(answer).toMatchObject({ status: 303, cookie: expect.stringMatching(/HttpOnly; SameSite=Strict; Secure$/) });
    await secure.stop();
    expect(await cli('serve', '--data', temp.dir, '--tls-cert', cert)).toMatchObject({
      code: 2,
      err: expect.stringContaining('--tls-cert and --tls-key go together'),
    });
  });

  describe('errors', () => {
    const newerDatabase = () => {
      const db = openSqlite(path.join(temp.dir, DATABASE_FILE));
      db.pragma('user_version = 1000');
      db.close();
    };
    const STACK_LINE = /^\s+at /m;

    it('prints one line per error with its code, and no stack trace', async () => {
      newerDatabase();
      const result = await cli('catalog', 'list', '--data', temp.dir);
      expect(result.code).toBe(1);
      expect(result.err).toMatch(/^nimbus: The database \S+ has schema version 1000, .* Nothing was changed\. \[database_too_new\]\n$/);
      const usage = await cli('deploy-everything');
      expect(usage.code).toBe(2);
      expect(usage.err).toBe(`nimbus: unknown command "deploy-everything" (run 'nimbus --help' for usage) [usage]\n`);
    });

    it('adds the stack and details with --debug', async () => {
      newerDatabase();
      const result = await cli('catalog', 'list', '--data', temp.dir, '--debug');
      expect(result.code).toBe(1);
      const [first, ...rest] = result.err.split('\n');
      expect(first).toMatch(/^nimbus: The database .* \[database_too_new\]$/);
      expect(rest.join('\n')).toMatch(STACK_LINE);
      expect(rest.join('\n')).toContain('Details: {"file":');
    });

    it('shows the engine log on stderr with --debug, with the request id of the refused call', async () => {
      const plain = await cli('catalog', 'show', 'nope', '--data', temp.dir);
      expect(plain).toMatchObject({ code: 1, err: 'nimbus: Component "nope" does not exist [not_found]\n' });
      const debug = await cli('catalog', 'show', 'nope', '--data', temp.dir, '--debug');
      const logged = debug.err
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { level: string; context: Record<string, unknown> });
      expect(logged).toContainEqual(
        expect.objectContaining({
          level: 'debug',
          context: expect.objectContaining({ method: 'getComponent', code: 'not_found', requestId: expect.any(String) }),
        }),
      );
      expect(debug.err).toContain('nimbus: Component "nope" does not exist [not_found]\n');
    });

    it('reports an unexpected failure on one line as internal, with its stack only under --debug', async () => {
      const run = async (...extra: string[]) => {
        let err = '';
        // Writing the result fails the way a closed pipe does: not a Nimbus error.
        const code = await runCli(['catalog', 'list', '--data', temp.dir, ...extra], {
          out: () => {
            throw new TypeError('stdout is closed');
          },
          err: (text) => (err += text),
        });
        return { code, err };
      };
      expect(await run()).toEqual({ code: 1, err: 'nimbus: unexpected error: stdout is closed [internal]\n' });
      const debug = await run('--debug');
      expect(debug.code).toBe(1);
      expect(debug.err).toMatch(/^nimbus: unexpected error: stdout is closed \[internal\]\nTypeError: stdout is closed\n/);
      expect(debug.err).toMatch(STACK_LINE);
    });

    it('joins a message of several lines and follows the chain of causes under --debug', () => {
      let err = '';
      const io = { out: () => undefined, err: (text: string) => (err += text) };
      const error = new NimbusError(
        'pulumi_failed',
        'up failed:\n  error: boom\n',
        {},
        { cause: new Error('spawn failed', { cause: 'EACCES' }) },
      );
      expect(reportCliError(error, io, false)).toBe(1);
      expect(err).toBe('nimbus: up failed: error: boom [pulumi_failed]\n');
      err = '';
      reportCliError(error, io, true);
      expect(err).toContain('Caused by: Error: spawn failed');
      expect(err).toContain('Caused by: EACCES');
    });
  });
});
