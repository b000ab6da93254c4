import { describe, expect, it } from 'vitest';
import {
  describeUpgrade,
  removeInput,
  renameInput,
  restoreRemovedInput,
  sameContent,
  setSecret,
  type ComponentContent,
} from './component-content';

const content: ComponentContent = {
  description: 'A VM',
  code: 'export {};\n',
  inputSchema: {
    type: 'object',
    required: ['name'],
    properties: { name: { type: 'string' }, password: { type: 'string' }, cores: { type: 'integer' } },
  },
  outputSchema: { type: 'object', properties: {} },
  resolverBindings: { name: { resolver: 'naming' }, password: { resolver: 'secret' } },
  secretInputs: ['password'],
};

describe('component content edits', () => {
  it('renames an input in the contract, its binding and the secrets', () => {
    const next = renameInput(content, 'password', 'root_password');
    expect(Object.keys(next.inputSchema['properties'] as object)).toEqual(['name', 'root_password', 'cores']);
    expect(next.resolverBindings).toEqual({ name: { resolver: 'naming' }, root_password: { resolver: 'secret' } });
    expect(next.secretInputs).toEqual(['root_password']);
    expect(next.upgrade).toBeUndefined();
  });

  it('records the rename of a published input in the upgrade step, and follows further renames', () => {
    const once = renameInput(content, 'cores', 'vcpus', ['name', 'password', 'cores']);
    expect(once.upgrade).toEqual({ renameInputs: { cores: 'vcpus' }, removeInputs: [], setInputs: {} });
    const twice = renameInput(once, 'vcpus', 'cpu_count', ['name', 'password', 'cores']);
    expect(twice.upgrade?.renameInputs).toEqual({ cores: 'cpu_count' });
    const back = renameInput(twice, 'cpu_count', 'cores', ['name', 'password', 'cores']);
    expect(back.upgrade).toBeUndefined();
    expect(sameContent(back, content)).toBe(true);
  });

  it('removes an input with its binding and secret flag; a published one is dropped on upgrade', () => {
    const next = removeInput(content, 'password');
    expect(Object.keys(next.inputSchema['properties'] as object)).toEqual(['name', 'cores']);
    expect(next.resolverBindings).toEqual({ name: { resolver: 'naming' } });
    expect(next.secretInputs).toEqual([]);
    expect(next.upgrade).toBeUndefined();
    const published = removeInput(renameInput(content, 'cores', 'vcpus', ['cores']), 'vcpus', ['cores']);
    expect(published.upgrade).toEqual({ renameInputs: {}, removeInputs: ['cores'], setInputs: {} });
    expect(describeUpgrade(published.upgrade)).toEqual(['cores is dropped']);
    expect(restoreRemovedInput(published, 'cores').upgrade).toBeUndefined();
  });

  it('marks and unmarks secrets', () => {
    expect(setSecret(content, 'cores', true).secretInputs).toEqual(['password', 'cores']);
    expect(setSecret(content, 'password', false).secretInputs).toEqual([]);
  });

  it('compares contents as documents', () => {
    expect(sameContent(content, structuredClone(content))).toBe(true);
    expect(sameContent(content, { ...content, code: 'x' })).toBe(false);
  });

  it('describes an upgrade step in words', () => {
    expect(describeUpgrade({ renameInputs: { a: 'b' }, removeInputs: ['c'], setInputs: { d: 1 } })).toEqual([
      'a is carried over as b',
      'c is dropped',
      'd is set to 1',
    ]);
    expect(describeUpgrade(undefined)).toEqual([]);
  });
});
