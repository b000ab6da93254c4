import { describe, expect, it } from 'vitest';
import { labelBase, parseComponentRef, type NodeContract } from './node-contract';

describe('parseComponentRef', () => {
  it('reads name@version and nothing else', () => {
    expect(parseComponentRef('local-vm@2')).toEqual({ name: 'local-vm', version: 2 });
    expect(parseComponentRef('local-vm')).toBeNull();
    expect(parseComponentRef('local-vm@0')).toBeNull();
    expect(parseComponentRef('Local@1')).toBeNull();
  });
});

describe('labelBase', () => {
  it('drops the provider prefix of the component name', () => {
    const contract = (name: string, provider: string) => ({ name, provider }) as NodeContract;
    expect(labelBase(contract('local-vm', 'local'))).toBe('vm');
    expect(labelBase(contract('e2e-app', 'local'))).toBe('e2e-app');
    expect(labelBase(null)).toBe('node');
  });
});
