import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NimbusError } from '../errors.js';
import { tempDir } from '../test-support/temp-dir.js';
import { createJsonLinesLogger, logLevelFromEnv } from './json-lines-logger.js';
import { logFailure } from './logger.js';
import { createMemoryLogger } from './memory-logger.js';

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir();
});
afterEach(() => temp.remove());

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('JSON lines logger', () => {
  it('appends one parsable object per line, with time, level, code, message and context, creating the folder', () => {
    const file = path.join(temp.dir, 'logs', 'engine.log');
    const logger = createJsonLinesLogger({ file });
    logger.info('engine started', { dataDir: temp.dir });
    logger.child({ jobId: 'job-1' }).warn('pulumi_failed', 'up failed:\nline two', { deploymentId: 'dep-1' });
    logger.debug('not written at the default level');
    logger.close();
    const written = lines(file);
    expect(written).toEqual([
      {
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        level: 'info',
        code: null,
        message: 'engine started',
        context: { dataDir: temp.dir },
      },
      {
        time: expect.any(String),
        level: 'warn',
        code: 'pulumi_failed',
        message: 'up failed:\nline two',
        context: { jobId: 'job-1', deploymentId: 'dep-1' },
      },
    ]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('mirrors lines from a level up to stderr, and keeps a line whose context JSON cannot hold', () => {
    let stderr = '';
    const file = path.join(temp.dir, 'engine.log');
    const logger = createJsonLinesLogger({ file, level: 'debug', stderrLevel: 'warn', stderr: (text) => (stderr += text) });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    logger.debug('quiet');
    logger.error('internal', 'loud', { cyclic, big: 1n });
    logger.close();
    expect(lines(file).map((entry) => entry.message)).toEqual(['quiet', 'loud']);
    expect(lines(file)[1]).toMatchObject({ code: 'internal', context: { unserializable: true } });
    expect(
      stderr
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { message: string }).message),
    ).toEqual(['loud']);
  });

  it('moves a log past its size limit aside when opened', () => {
    const file = path.join(temp.dir, 'engine.log');
    writeFileSync(file, 'x'.repeat(2000));
    const logger = createJsonLinesLogger({ file, maxBytes: 1000 });
    logger.info('fresh');
    logger.close();
    expect(lines(file).map((entry) => entry.message)).toEqual(['fresh']);
    expect(readFileSync(`${file}.1`, 'utf8')).toHaveLength(2000);
  });

  it('never throws when the log cannot be written, and says so on stderr once', () => {
    let stderr = '';
    const blocker = path.join(temp.dir, 'a-file');
    writeFileSync(blocker, '');
    const logger = createJsonLinesLogger({ file: path.join(blocker, 'logs', 'engine.log'), stderr: (text) => (stderr += text) });
    expect(() => {
      logger.info('one');
      logger.info('two');
    }).not.toThrow();
    expect(stderr.match(/cannot write the log/g)).toHaveLength(1);
  });

  it('reads the level from NIMBUS_LOG_LEVEL', () => {
    expect(logLevelFromEnv({ NIMBUS_LOG_LEVEL: 'DEBUG' })).toBe('debug');
    expect(logLevelFromEnv({ NIMBUS_LOG_LEVEL: 'loud' })).toBeUndefined();
    expect(logLevelFromEnv({})).toBeUndefined();
  });
});

describe('logFailure', () => {
  it('keeps the code of a Nimbus error, and logs anything else as internal with its stack', () => {
    const logger = createMemoryLogger();
    logFailure(logger, 'warn', 'Polling failed', new NimbusError('event_too_large', 'The event payload is 9 bytes'), { jobId: 'j' });
    logFailure(logger.child({ requestId: 'r' }), 'error', 'Call failed', new TypeError('x is undefined'));
    expect(logger.entries).toEqual([
      expect.objectContaining({
        level: 'warn',
        code: 'event_too_large',
        message: 'Polling failed: The event payload is 9 bytes',
        context: { jobId: 'j' },
      }),
      expect.objectContaining({
        level: 'error',
        code: 'internal',
        message: 'Call failed: x is undefined',
        context: { requestId: 'r', stack: expect.stringContaining('TypeError: x is undefined') },
      }),
    ]);
  });
});
