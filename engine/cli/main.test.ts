import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../store/sqlite.js';
import { DATABASE_FILE } from '../store/store.js';
import { useLeakCheck } from '../test-support/leak-check.js';
import { tempDir } from '../test-support/temp-dir.js';
import { NIMBUS_VERSION } from '../version.js';
import { captureCli } from './capture-cli.js';

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
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], { env: { ...process.env, NIMBUS_DATA_DIR: temp.dir }, stdio: ['ignore', 'pipe', 'pipe'] });
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
});
