import { CommandError, ConcurrentUpdateError, StackNotFoundError } from '@pulumi/pulumi/automation/errors.js';
import { PulumiCommand } from '@pulumi/pulumi/automation/index.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NimbusError } from '../errors.js';
import { tempDir } from '../test-support/temp-dir.js';
import { classifyPulumiError, stackIsSetUp, toJobEvent } from './automation-adapter.js';

/** An SDK error as the Automation API builds it from a finished command. */
function sdkError(kind: typeof CommandError, stderr: string): Error {
  const result = { stdout: '', stderr, code: 255, err: undefined, toString: () => `code: 255\n stdout: \n stderr: ${stderr}\n` };
  return new (kind as unknown as new (result: unknown) => Error)(result);
}

const metadata = { op: 'create', urn: 'urn:pulumi:s::p::pkg:mod:Type::name', type: 'pkg:mod:Type', provider: '' } as const;

describe('toJobEvent', () => {
  it('maps resource pre, outputs and failure events', () => {
    expect(toJobEvent({ sequence: 1, timestamp: 0, resourcePreEvent: { metadata } } as never)).toEqual({
      type: 'resource.started',
      urn: metadata.urn,
      resourceType: 'pkg:mod:Type',
      operation: 'create',
    });
    expect(toJobEvent({ sequence: 2, timestamp: 0, resOutputsEvent: { metadata } } as never)).toMatchObject({
      type: 'resource.finished',
      status: 'succeeded',
    });
    expect(toJobEvent({ sequence: 3, timestamp: 0, resOpFailedEvent: { metadata, status: 1, steps: 1 } } as never)).toMatchObject({
      type: 'resource.finished',
      status: 'failed',
    });
  });

  it('keeps warnings and errors, drops debug and ephemeral diagnostics', () => {
    const diagnostic = (severity: string, ephemeral = false) =>
      ({ sequence: 1, timestamp: 0, diagnosticEvent: { message: ` ${severity} text\n`, color: 'never', severity, ephemeral } }) as never;
    expect(toJobEvent(diagnostic('warning'))).toEqual({ type: 'job.log', level: 'warn', message: 'warning text' });
    expect(toJobEvent(diagnostic('error'))).toEqual({ type: 'job.log', level: 'error', message: 'error text' });
    expect(toJobEvent(diagnostic('debug'))).toBeNull();
    expect(toJobEvent(diagnostic('info', true))).toBeNull();
  });
});

describe('classifyPulumiError', () => {
  it('keeps the error lines of a failed command', () => {
    const raw = new (CommandError as unknown as new (result: unknown) => Error)({
      stdout: '',
      stderr: 'error: the program failed\n',
      code: 255,
      err: undefined,
      toString: () => 'code: 255\n stdout: \n stderr: error: the program failed\n',
    });
    const classified = classifyPulumiError(raw, 'up');
    expect(classified.code).toBe('pulumi_failed');
    expect(classified.message).toContain('pulumi up failed');
    expect(classified.message).toContain('the program failed');
  });

  it('turns the errors the SDK recognises into their codes, naming the stack', () => {
    const locked = sdkError(
      ConcurrentUpdateError,
      'error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`.\n',
    );
    expect(classifyPulumiError(locked, 'destroy', { stackName: 'dev' })).toMatchObject({
      code: 'pulumi_concurrent_update',
      message: expect.stringContaining('Stack "dev" is locked'),
    });
    const missing = sdkError(StackNotFoundError, "error: no stack named 'dev' found\n");
    expect(classifyPulumiError(missing, 'outputs')).toMatchObject({
      code: 'pulumi_stack_not_found',
      details: { stack: 'dev', operation: 'outputs' },
    });
  });

  it('passes a NimbusError through unchanged', () => {
    const own = new NimbusError('internal', 'already classified');
    expect(classifyPulumiError(own, 'up')).toBe(own);
  });

  it('reports pulumi_cli_missing when the Automation API cannot spawn the CLI', async () => {
    const temp = tempDir('nimbus-no-cli-');
    try {
      const failure = await PulumiCommand.get({ root: `${temp.dir}/absent`, skipVersionCheck: true }).then(
        () => null,
        (error: unknown) => error,
      );
      const error = classifyPulumiError(failure, 'up');
      expect(error.code).toBe('pulumi_cli_missing');
      expect(error.message).toContain(`pulumi not found in ${temp.dir}/absent/bin`);
    } finally {
      temp.remove();
    }
  });
});

describe('stackIsSetUp', () => {
  it('needs the stack in the file backend and its settings file in the work directory', () => {
    const { dir, remove } = tempDir();
    try {
      const workDir = path.join(dir, 'work');
      const state = path.join(dir, 'state');
      mkdirSync(workDir, { recursive: true });
      writeFileSync(path.join(workDir, 'Pulumi.yaml'), 'name: nimbus-local-disk\nruntime: nodejs\n');
      const target = { workDir, stackName: 'dev-disk', backendUrl: pathToFileURL(state).href };
      expect(stackIsSetUp(target)).toBe(false);
      const stacks = path.join(state, '.pulumi', 'stacks', 'nimbus-local-disk');
      mkdirSync(stacks, { recursive: true });
      writeFileSync(path.join(stacks, 'dev-disk.json'), '{}');
      expect(stackIsSetUp(target)).toBe(false);
      writeFileSync(path.join(workDir, 'Pulumi.dev-disk.yaml'), 'encryptionsalt: x\n');
      expect(stackIsSetUp(target)).toBe(true);
      expect(stackIsSetUp({ ...target, stackName: 'other' })).toBe(false);
      expect(stackIsSetUp({ ...target, backendUrl: 's3://bucket' })).toBe(false);
      writeFileSync(path.join(workDir, 'Pulumi.yaml'), 'runtime: nodejs\n');
      expect(stackIsSetUp(target)).toBe(false);
    } finally {
      remove();
    }
  });
});
