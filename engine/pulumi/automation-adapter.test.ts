import { CommandError } from '@pulumi/pulumi/automation/errors.js';
import { describe, expect, it } from 'vitest';
import { classifyPulumiError, toJobEvent } from './automation-adapter.js';

const metadata = { op: 'create', urn: 'urn:pulumi:s::p::pkg:mod:Type::name', type: 'pkg:mod:Type', provider: '' } as const;

describe('toJobEvent', () => {
  it('maps resource pre, outputs and failure events', () => {
    expect(toJobEvent({ sequence: 1, timestamp: 0, resourcePreEvent: { metadata } } as never)).toEqual({
      type: 'resource.started',
      urn: metadata.urn,
      resourceType: 'pkg:mod:Type',
      operation: 'create',
    });
    expect(toJobEvent({ sequence: 2, timestamp: 0, resOutputsEvent: { metadata } } as never)).toMatchObject({ type: 'resource.finished', status: 'succeeded' });
    expect(toJobEvent({ sequence: 3, timestamp: 0, resOpFailedEvent: { metadata, status: 1, steps: 1 } } as never)).toMatchObject({ type: 'resource.finished', status: 'failed' });
  });

  it('keeps warnings and errors, drops debug and ephemeral diagnostics', () => {
    const diagnostic = (severity: string, ephemeral = false) => ({ sequence: 1, timestamp: 0, diagnosticEvent: { message: ` ${severity} text\n`, color: 'never', severity, ephemeral } }) as never;
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
});
