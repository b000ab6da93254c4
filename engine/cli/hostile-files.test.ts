import { execFileSync } from 'node:child_process';
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from '../files/input-limits.js';
import { useLeakCheck } from '../test-support/leak-check.js';
import { tempDir } from '../test-support/temp-dir.js';
import { captureCli } from './capture-cli.js';

useLeakCheck();
let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir();
});
afterEach(() => temp.remove());

const cli = (...args: string[]) => captureCli([...args, '--data', path.join(temp.dir, 'data')]);

/** One line on stderr naming the file, exit code 1, no stack trace. */
function expectOneLineError(result: { code: number; out: string; err: string }, pattern: RegExp): void {
  expect(result.code).toBe(1);
  expect(result.err).toMatch(pattern);
  expect(result.err.trim().split('\n')).toHaveLength(1);
  expect(result.err).not.toMatch(/ at .*\.(js|ts):\d+|call stack/i);
}

describe('nimbus validate against hostile files', () => {
  it('refuses devices, pipes and folders without reading them', async () => {
    expectOneLineError(await cli('validate', '/dev/zero'), /^nimbus: Cannot read \/dev\/zero: it is not a regular file/);
    const fifo = path.join(temp.dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    expectOneLineError(await cli('validate', fifo), /pipe\.yaml: it is not a regular file/);
    mkdirSync(path.join(temp.dir, 'folder.yaml'));
    expectOneLineError(await cli('validate', path.join(temp.dir, 'folder.yaml')), /folder\.yaml: (EISDIR \()?it is a folder/);
  });

  it('refuses a file over the size limit before reading it', async () => {
    const file = path.join(temp.dir, 'huge.yaml');
    writeFileSync(file, '');
    truncateSync(file, MAX_FILE_BYTES + 1);
    expectOneLineError(await cli('validate', file), /huge\.yaml: it is 16\.0 MiB; files up to 16 MiB are read/);
  });

  it('gives a billion-laughs file one line with the file and line', async () => {
    const file = path.join(temp.dir, 'bomb.yaml');
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i += 1)
      levels.push(
        `${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(9)
          .fill(`*${'abcdefghij'[i - 1]}`)
          .join(',')}]`,
      );
    writeFileSync(file, `kind: Topology\nversion: 1\nname: bomb\n${levels.join('\n')}\n`);
    const started = Date.now();
    const result = await cli('validate', file);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.code).toBe(1);
    expect(result.out.trim().split('\n')).toHaveLength(1);
    expect(result.out).toMatch(new RegExp(`^${file}:5: aliases \\(\\*name\\) here expand to more than 1000 values`));
  });

  it('gives very deep nesting one line with the file and line, flow or block', async () => {
    const flow = path.join(temp.dir, 'deep.json');
    writeFileSync(flow, `{"kind": "Topology",\n"name": "deep",\n"x": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    const flowResult = await cli('validate', flow);
    expect(flowResult.code).toBe(1);
    expect(flowResult.out).toMatch(new RegExp(`^${flow}:3: nested more than 64 levels deep; flatten it\\n$`));
    const block = path.join(temp.dir, 'deep.yaml');
    writeFileSync(block, `kind: Topology\nname: deep\nx:\n${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}- `).join('\n')}\n`);
    const blockResult = await cli('validate', block);
    expect(blockResult.code).toBe(1);
    expect(blockResult.out).toMatch(new RegExp(`^${block}:67: nested more than 64 levels deep; flatten it\\n$`));
    const moderate = path.join(temp.dir, 'moderate.yaml');
    writeFileSync(
      moderate,
      `kind: Topology\nname: deep\nx:\n${Array.from({ length: 100 }, (_, i) => `${' '.repeat(i * 2)}- `).join('\n')}\n`,
    );
    expect((await cli('validate', moderate)).out).toMatch(/moderate\.yaml:67: nested more than 64 levels deep/);
  });
});
