import { describe, expect, it } from 'vitest';
import { changedProperties, driftOf, plainValue, StepCollector, toStepRecord, type StepMetadataLike } from './step-records.js';

// Shapes as Pulumi CLI v3.259 streams them (see step-records.ts), trimmed to what matters.
const secret = { '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', ciphertext: '[secret]' };
const fileUrn = (name: string) => `urn:pulumi:dev::files::pulumi-nodejs:dynamic:Resource::${name}`;
const provider = { __provider: 'exports.handler = __f0; …' };
const state = (outputs: Record<string, unknown>, inputs: Record<string, unknown> = {}) => ({
  inputs: { ...provider, ...inputs },
  outputs: { ...provider, ...outputs },
});

describe('plainValue', () => {
  it('hides secrets, marks unknowns and keeps everything else', () => {
    expect(plainValue(secret)).toBe('[secret]');
    expect(plainValue({ a: [1, secret, { b: secret }], c: '04da6b54-80e4-46f7-96ec-b56ff0331ba9', d: null })).toEqual({
      a: [1, '[secret]', { b: '[secret]' }],
      c: '[unknown]',
      d: null,
    });
  });
});

describe('toStepRecord', () => {
  it('derives diffs from old and new outputs when the CLI gives none, without __provider', () => {
    const metadata: StepMetadataLike = {
      op: 'update',
      urn: fileUrn('file-0'),
      type: 'pulumi-nodejs:dynamic:Resource',
      old: state({ path: '/f', content: 'file 0', size: 6, token: secret }, { path: '/f', content: 'file 0', token: secret }),
      new: state({ path: '/f', content: 'edited', size: 6, token: secret, extra: true }),
    };
    expect(toStepRecord(metadata)).toEqual({
      urn: fileUrn('file-0'),
      type: 'pulumi-nodejs:dynamic:Resource',
      op: 'update',
      diffs: ['content', 'extra'],
      old: { path: '/f', content: 'file 0', size: 6, token: '[secret]' },
      new: { path: '/f', content: 'edited', size: 6, token: '[secret]', extra: true },
      inputs: { path: '/f', content: 'file 0', token: '[secret]' },
    });
  });

  it("prefers the CLI's own diffs and keeps a deleted resource's new state null", () => {
    expect(
      toStepRecord({ op: 'update', urn: 'u', type: 't', diffs: ['size'], old: state({ size: 1 }), new: state({ size: 1 }) }).diffs,
    ).toEqual(['size']);
    expect(toStepRecord({ op: 'delete', urn: 'u', type: 't', old: state({ size: 1 }), new: null })).toMatchObject({
      diffs: [],
      old: { size: 1 },
      new: null,
    });
    expect(toStepRecord({ op: 'create', urn: 'u', type: 't', old: null, new: state({ size: 1 }) })).toMatchObject({
      old: null,
      inputs: null,
    });
  });

  it('compares nested values by content', () => {
    expect(changedProperties({ a: { x: [1, 2] }, b: [1] }, { a: { x: [1, 2] }, b: [1, 2] })).toEqual(['b']);
  });
});

describe('StepCollector', () => {
  it('keeps finished steps in order, then unfinished ones, skipping the stack root and providers', () => {
    const collector = new StepCollector();
    const root = { op: 'refresh', urn: 'urn:pulumi:dev::files::pulumi:pulumi:Stack::files-dev', type: 'pulumi:pulumi:Stack' };
    const provider = {
      op: 'refresh',
      urn: 'urn:pulumi:dev::files::pulumi:providers:pulumi-nodejs::default',
      type: 'pulumi:providers:pulumi-nodejs',
    };
    const file = (name: string, op: string) => ({
      op,
      urn: fileUrn(name),
      type: 'pulumi-nodejs:dynamic:Resource',
      old: state({ n: name }),
      new: state({ n: name }),
    });
    for (const metadata of [root, provider, file('a', 'refresh'), file('b', 'refresh'), file('c', 'refresh')]) collector.onStart(metadata);
    collector.onFinish({ ...root, op: 'same' });
    collector.onFinish({ ...provider, op: 'same' });
    collector.onFinish(file('b', 'delete'));
    collector.onFinish(file('a', 'same'));
    expect(collector.steps().map((step) => [step.urn.split('::').at(-1), step.op])).toEqual([
      ['b', 'delete'],
      ['a', 'same'],
      ['c', 'refresh'],
    ]);
  });
});

describe('driftOf', () => {
  const steps = [
    toStepRecord({ op: 'same', urn: fileUrn('same'), type: 'T', old: state({ size: 1 }), new: state({ size: 1 }) }),
    toStepRecord({
      op: 'update',
      urn: fileUrn('edited'),
      type: 'T',
      old: state({ content: 'a', size: 1 }, { content: 'a' }),
      new: state({ content: 'bb', size: 2 }),
    }),
    toStepRecord({ op: 'delete', urn: fileUrn('gone'), type: 'T', old: state({ size: 1 }), new: null }),
  ];

  it('reports edited resources with expected and actual values, and removed ones', () => {
    expect(driftOf({ operation: 'drift', steps })).toEqual([
      {
        urn: fileUrn('edited'),
        type: 'T',
        change: 'modified',
        properties: [
          { name: 'content', expected: 'a', actual: 'bb' },
          { name: 'size', expected: 1, actual: 2 },
        ],
      },
      { urn: fileUrn('gone'), type: 'T', change: 'deleted', properties: [] },
    ]);
    expect(driftOf({ operation: 'refresh', steps })).toHaveLength(2);
  });

  it('compares the declared inputs with the real object once a refresh has adopted it', () => {
    // Outputs already refreshed to the edited object; the CLI still reports 'update' against the inputs.
    const adopted = toStepRecord({
      op: 'update',
      urn: fileUrn('edited'),
      type: 'T',
      old: state({ content: 'bb', size: 2 }, { content: 'a', note: 'n' }),
      new: state({ content: 'bb', size: 2 }),
    });
    expect(driftOf({ operation: 'drift', steps: [adopted] })).toEqual([
      { urn: fileUrn('edited'), type: 'T', change: 'modified', properties: [{ name: 'content', expected: 'a', actual: 'bb' }] },
    ]);
  });

  it('finds no drift in operations that are not refreshes', () => {
    expect(driftOf({ operation: 'up', steps })).toEqual([]);
  });
});
