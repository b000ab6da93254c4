import { describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../common/method-names.js';
import { inputKey, replicaScope } from './replica-key.js';
import { componentsInTopologies } from '../lease-upkeep.js';
import { REPLICA_METHODS } from './replica-methods.js';

describe('the keys of kept answers', () => {
  it('give one key for one meaning: key order, defaults and absent members do not matter', () => {
    expect(inputKey('listDeployments', { topology: 't', environment: 'dev' })).toBe(
      inputKey('listDeployments', { environment: 'dev', topology: 't' }),
    );
    expect(inputKey('exportTopology', { id: 'a' })).toBe(inputKey('exportTopology', { id: 'a', format: 'yaml' }));
    expect(inputKey('exportTopology', { id: 'a' })).not.toBe(inputKey('exportTopology', { id: 'a', format: 'json' }));
    expect(inputKey('listTopologies', undefined)).toBe(inputKey('listTopologies', {}));
    expect(inputKey('listDeployments', { environment: undefined })).toBe(inputKey('listDeployments', {}));
  });

  it('key an input the schema refuses as it was given, never throwing', () => {
    expect(inputKey('getTopology', { id: 42, extra: [1, { b: 1, a: 2 }] })).toBe('{"extra":[1,{"a":2,"b":1}],"id":42}');
    expect(() => inputKey('getTopology', 'x'.repeat(100_000))).not.toThrow();
  });

  it('keep servers, tenants and users apart, and one server however its address was typed', () => {
    const a = replicaScope({ url: 'https://nimbus.example.com/', tenant: 'acme', user: 'ann' });
    expect(replicaScope({ url: 'https://NIMBUS.example.com', tenant: 'acme', user: 'ann' }).key).toBe(a.key);
    for (const other of [
      { url: 'https://other.example.com', tenant: 'acme', user: 'ann' },
      { url: 'https://nimbus.example.com', tenant: 'beta', user: 'ann' },
      { url: 'https://nimbus.example.com', tenant: 'acme', user: 'bob' },
      // A tenant and user whose names run together must not meet another pair's.
      { url: 'https://nimbus.example.com', tenant: 'acme","ann', user: '' },
    ])
      expect(replicaScope(other).key).not.toBe(a.key);
  });
});

describe('what the replica keeps', () => {
  it('keeps only reads of the contract, never credentials, users, secrets or changes', () => {
    for (const method of REPLICA_METHODS) expect(METHOD_NAMES).toContain(method);
    for (const method of REPLICA_METHODS) expect(method, method).toMatch(/^(get|list|whoAmI|exportTopology|diffComponentVersions)/);
    for (const never of [
      'listAccessTokens',
      'createAccessToken',
      'listUsers',
      'createUser',
      'listRoleBindings',
      'getSettings',
      'syncStatus',
    ])
      expect(REPLICA_METHODS as readonly string[]).not.toContain(never);
  });

  it('leases names for the published components the topologies use, once each', () => {
    const documents = [
      { nodes: [{ component: 'local-vm@1' }, { component: 'local-vm@1' }, { component: 'draft-only' }, {}] },
      { nodes: [{ component: 'local-network@2' }] },
    ];
    expect(componentsInTopologies(documents)).toEqual(['local-network@2', 'local-vm@1']);
    const many = [{ nodes: Array.from({ length: 80 }, (_, i) => ({ component: `c${String(i).padStart(2, '0')}@1` })) }];
    expect(componentsInTopologies(many)).toHaveLength(50);
  });
});
