import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { checkStackState, summarizeStackState } from './stack-state.js';

// Trimmed from `pulumi stack export` of a stack whose update was killed while creating two files.
const exported = {
  version: 3,
  deployment: {
    manifest: { time: '2026-11-22T17:34:10Z', magic: 'ab35', version: 'v3.259.0' },
    secrets_providers: { type: 'passphrase', state: { salt: 'v1:…' } },
    resources: [
      { urn: 'urn:pulumi:dev::files::pulumi:pulumi:Stack::files-dev', custom: false, type: 'pulumi:pulumi:Stack' },
      {
        urn: 'urn:pulumi:dev::files::pulumi:providers:pulumi-nodejs::default',
        custom: true,
        id: 'ab8a',
        type: 'pulumi:providers:pulumi-nodejs',
      },
    ],
    pending_operations: [
      {
        resource: { urn: 'urn:pulumi:dev::files::pulumi-nodejs:dynamic:Resource::file-0', type: 'pulumi-nodejs:dynamic:Resource' },
        type: 'creating',
      },
      {
        resource: { urn: 'urn:pulumi:dev::files::pulumi-nodejs:dynamic:Resource::file-1', type: 'pulumi-nodejs:dynamic:Resource' },
        type: 'creating',
      },
    ],
  },
};

describe('summarizeStackState', () => {
  it('counts resources and lists pending operations', () => {
    expect(summarizeStackState(exported)).toEqual({
      resourceCount: 2,
      pendingOperations: [
        { type: 'creating', urn: 'urn:pulumi:dev::files::pulumi-nodejs:dynamic:Resource::file-0' },
        { type: 'creating', urn: 'urn:pulumi:dev::files::pulumi-nodejs:dynamic:Resource::file-1' },
      ],
    });
  });

  it('reads an empty stack, whose export has neither resources nor pending operations', () => {
    expect(summarizeStackState({ version: 3, deployment: { manifest: {} } })).toEqual({ resourceCount: 0, pendingOperations: [] });
  });
});

describe('checkStackState', () => {
  it('accepts an export', () => {
    expect(() => checkStackState(exported)).not.toThrow();
  });

  it('refuses what the CLI would take as an empty state', () => {
    for (const bad of [
      null,
      {},
      { version: 3 },
      { version: 3, deployment: {} },
      { version: 3, deployment: { bogus: true } },
      { version: '3', deployment: { manifest: {} } },
    ]) {
      expect(() => checkStackState(bad)).toThrow(ValidationError);
    }
    const noUrn = { version: 3, deployment: { manifest: {}, resources: [{ type: 'x' }] } };
    expect(() => checkStackState(noUrn)).toThrow(/deployment\.resources\[0\]\.urn/);
  });
});
