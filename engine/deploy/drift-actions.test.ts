import { describe, expect, it } from 'vitest';
import type { DriftEntry, DriftRecord } from '../api/schemas/deployments.js';
import type { ComponentContent } from '../components/component-service.js';
import type { DeploymentRecord } from '../store/ports/deployment-records.js';
import { drifting, planAcceptance } from './drift-actions.js';

const content: ComponentContent = {
  description: 'a machine',
  code: '',
  inputSchema: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      ip_address: { type: 'string' },
      network_id: { type: 'string' },
      cores: { type: 'integer', minimum: 1, maximum: 64, default: 2 },
      password: { type: 'string' },
      tags: { type: 'array', items: { type: 'string' } },
    },
  },
  outputSchema: { type: 'object' },
  resolverBindings: {
    name: { resolver: 'naming' },
    ip_address: { resolver: 'ipam', allocate: 'address' },
    password: { resolver: 'secret' },
  },
  secretInputs: ['password'],
};

const record = (overrides: Partial<DeploymentRecord> = {}): DeploymentRecord => ({
  id: 'dep-1',
  environment: 'dev',
  topology: 'shop',
  nodeId: 'vm',
  label: 'vm',
  component: 'local-vm',
  version: 1,
  provider: 'local',
  semanticType: 'VirtualMachine',
  stackName: 's',
  status: 'deployed',
  values: {
    name: { value: 'dev-vm-01', source: 'resolver' },
    ip_address: { value: '10.0.0.5', source: 'resolver' },
    network_id: { value: 'net-a', source: 'wire', detail: 'from net.network_id' },
    cores: { value: 2, source: 'default' },
    tags: { value: ['a'], source: 'user' },
    password: { value: 'secret://dev/vm', source: 'resolver' },
  },
  outputs: {},
  error: null,
  createdAt: 't',
  updatedAt: 't',
  deployedAt: 't',
  drifted: true,
  tenant: 'default',
  owner: 'deployment:dep-1',
  fingerprint: 'f',
  everDeployed: true,
  ...overrides,
});

const modified = (properties: DriftEntry['properties'], urn = 'urn:pulumi:s::p::nimbus:Machine::machine'): DriftEntry => ({
  urn,
  type: 'nimbus:Machine',
  change: 'modified',
  properties,
});

const drift = (entries: DriftEntry[], drifted = entries.length > 0): DriftRecord => ({
  id: 7,
  deploymentId: 'dep-1',
  jobId: null,
  checkedAt: '2026-12-01T00:00:00Z',
  lastCheckedAt: '2026-12-01T00:00:00Z',
  checks: 1,
  change: drifted ? 'drift-found' : 'in-sync',
  note: null,
  drifted,
  entries,
});

describe('drifting', () => {
  it('refuses a deployment that is not deployed, never checked, or in sync', () => {
    expect(() => drifting(record({ status: 'destroyed' }), drift([modified([])]), 'repair')).toThrow(
      expect.objectContaining({ code: 'deployment_not_deployed', message: expect.stringContaining('is destroyed') }),
    );
    expect(() => drifting(record({ status: 'failed' }), drift([modified([])]), 'accept')).toThrow(
      expect.objectContaining({ code: 'deployment_not_deployed' }),
    );
    expect(() => drifting(record(), undefined, 'repair')).toThrow(
      expect.objectContaining({ code: 'not_drifted', message: expect.stringContaining('never been checked') }),
    );
    expect(() => drifting(record(), drift([]), 'accept')).toThrow(
      expect.objectContaining({ code: 'not_drifted', message: expect.stringContaining('vm has no drift to accept') }),
    );
    const found = drift([modified([{ name: 'cores', expected: 2, actual: 4 }])]);
    expect(drifting(record(), found, 'repair')).toBe(found);
  });
});

describe('planAcceptance', () => {
  const at = '2026-12-06T01:02:03Z';

  it('takes the real values of the chosen fields into the record with their source and what they replaced', () => {
    const found = drift([
      modified([
        { name: 'cores', expected: 2, actual: 4 },
        { name: 'tags', expected: ['a'], actual: ['a', 'b'] },
      ]),
    ]);
    const plan = planAcceptance(record(), found, content, ['cores'], at);
    expect(plan.accepted).toEqual([{ name: 'cores', from: 2, to: 4 }]);
    expect(plan.values.cores).toEqual({
      value: 4,
      source: 'drift-accepted',
      detail: 'accepted from drift on 2026-12-06; was 2',
      replaced: 2,
    });
    expect(plan.values.tags).toEqual({ value: ['a'], source: 'user' });
    const all = planAcceptance(record(), found, content, 'all', at);
    expect(all.accepted.map((field) => field.name)).toEqual(['cores', 'tags']);
    expect(all.values.tags).toMatchObject({ value: ['a', 'b'], source: 'drift-accepted', replaced: ['a'] });
  });

  it('keeps the value first replaced when an accepted value drifts and is accepted again', () => {
    const once = record({ values: { ...record().values, cores: { value: 4, source: 'drift-accepted', replaced: 2 } } });
    const plan = planAcceptance(once, drift([modified([{ name: 'cores', expected: 4, actual: 6 }])]), content, ['cores'], at);
    expect(plan.values.cores).toMatchObject({ value: 6, replaced: 2 });
  });

  it('says when the accepted parameter had no value before', () => {
    const { tags: _tags, ...values } = record().values;
    const plan = planAcceptance(
      record({ values }),
      drift([modified([{ name: 'tags', expected: undefined, actual: ['x'] }])]),
      content,
      'all',
      at,
    );
    expect(plan.values.tags).toEqual({
      value: ['x'],
      source: 'drift-accepted',
      detail: 'accepted from drift on 2026-12-06; was not set',
      replaced: undefined,
    });
  });

  it('names a field that did not drift, and refuses an empty choice', () => {
    const found = drift([modified([{ name: 'cores', expected: 2, actual: 4 }])]);
    expect(() => planAcceptance(record(), found, content, ['memory'], at)).toThrow(
      expect.objectContaining({
        code: 'drift_field_unknown',
        message: 'memory is not among the drifted properties of vm (drifted: cores)',
      }),
    );
    expect(() => planAcceptance(record(), found, content, [], at)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });

  it('refuses what cannot become a parameter value: outputs, allocated, wired and secret inputs, deleted objects, conflicts, values out of contract', () => {
    const refuse = (entries: DriftEntry[], fields: string[] | 'all', text: string) =>
      expect(() => planAcceptance(record(), drift(entries), content, fields, at)).toThrow(
        expect.objectContaining({ code: 'drift_not_acceptable', message: expect.stringContaining(text) }),
      );
    refuse([modified([{ name: 'pid', expected: 1, actual: 2 }])], ['pid'], 'pid is no parameter of local-vm@1');
    refuse(
      [modified([{ name: 'ip_address', expected: '10.0.0.5', actual: '10.0.0.9' }])],
      'all',
      'ip_address is allocated by the ipam resolver',
    );
    refuse(
      [modified([{ name: 'network_id', expected: 'net-a', actual: 'net-b' }])],
      ['network_id'],
      'network_id comes from a wire (from net.network_id)',
    );
    refuse([modified([{ name: 'password', expected: '[secret]', actual: '[secret]' }])], ['password'], 'password is a secret');
    refuse(
      [{ urn: 'urn:pulumi:s::p::nimbus:Disk::disk', type: 'nimbus:Disk', change: 'deleted', properties: [] }],
      'all',
      'disk was deleted',
    );
    refuse(
      [
        modified([{ name: 'cores', expected: 2, actual: 4 }]),
        modified([{ name: 'cores', expected: 2, actual: 8 }], 'urn:pulumi:s::p::nimbus:Machine::other'),
      ],
      ['cores'],
      'cores differs on several resources',
    );
    refuse([modified([{ name: 'cores', expected: 2, actual: 100 }])], ['cores'], 'cores must be <= 64');
  });

  it('accepts a named field beside a deleted object (the repair of the rest is the deploy that follows)', () => {
    const found = drift([
      modified([{ name: 'cores', expected: 2, actual: 4 }]),
      { urn: 'urn:pulumi:s::p::nimbus:Disk::disk', type: 'nimbus:Disk', change: 'deleted', properties: [] },
    ]);
    expect(planAcceptance(record(), found, content, ['cores'], at).accepted).toEqual([{ name: 'cores', from: 2, to: 4 }]);
  });
});
