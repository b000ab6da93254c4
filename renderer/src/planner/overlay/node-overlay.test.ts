import { describe, expect, it } from 'vitest';
import type { Deployment, DriftRecord, NodeResolution, TopologyResolution } from '../../api/entities';
import { buildOverlay, keyValues, nodeStatus } from './node-overlay';

const resolution = (nodeId: string, overrides: Partial<NodeResolution> = {}): NodeResolution => ({
  nodeId,
  label: nodeId,
  component: 'local-vm@1',
  status: 'valid',
  values: {},
  issues: [],
  ...overrides,
});

const deployment = (nodeId: string, overrides: Partial<Deployment> = {}): Deployment => ({
  id: `dep-${nodeId}`,
  environment: 'qa',
  topology: 'lab',
  nodeId,
  label: nodeId,
  component: 'local-vm',
  version: 1,
  provider: 'local',
  semanticType: 'VirtualMachine',
  stackName: 's',
  status: 'deployed',
  values: {},
  outputs: {},
  error: null,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  deployedAt: '2026-01-01T00:00:00Z',
  drifted: false,
  ...overrides,
});

const drift = (deploymentId: string, drifted: boolean, checkedAt: string): DriftRecord => ({
  id: 1,
  deploymentId,
  jobId: null,
  checkedAt,
  lastCheckedAt: checkedAt,
  checks: 1,
  change: drifted ? 'drift-found' : 'in-sync',
  note: null,
  drifted,
  entries: [],
});

describe('nodeStatus', () => {
  it('puts an invalid design first, then drift, then deployed, then valid', () => {
    const invalid = resolution('a', { status: 'invalid', issues: [{ path: 'params.cores', message: 'too small' }] });
    expect(nodeStatus(invalid, deployment('a'), drift('dep-a', true, 't')).status).toBe('invalid');
    expect(nodeStatus(resolution('a'), deployment('a'), drift('dep-a', true, 't')).status).toBe('drifted');
    expect(nodeStatus(resolution('a'), deployment('a'), drift('dep-a', false, 't')).status).toBe('deployed');
    expect(nodeStatus(resolution('a'), deployment('a', { status: 'failed' }), undefined).status).toBe('valid');
    expect(nodeStatus(resolution('a'), undefined, undefined).status).toBe('valid');
  });
});

describe('keyValues', () => {
  it('finds the address and the name, resolved or pending', () => {
    expect(keyValues({ ip_address: { value: '10.0.0.4', source: 'resolver' }, name: { value: 'qa-vm-01', source: 'resolver' } })).toEqual({
      address: '10.0.0.4',
      name: 'qa-vm-01',
    });
    expect(keyValues({ cidr: { value: '10.1.0.0/24', source: 'resolver' } })).toEqual({ address: '10.1.0.0/24', name: null });
    expect(
      keyValues({
        ip_address: { value: null, source: 'wire', pending: true, detail: 'from vm-1.ip_address (known after it is deployed)' },
        hostname: { value: null, source: 'wire', pending: true },
      }),
    ).toEqual({ address: 'from vm-1.ip_address', name: 'known after deploy' });
  });
});

describe('buildOverlay', () => {
  const plan: TopologyResolution = {
    mode: 'preview',
    environment: 'qa',
    groups: [['net', 'disk'], ['vm']],
    nodes: [
      resolution('net', { values: { cidr: { value: '10.1.0.0/24', source: 'resolver' } } }),
      resolution('disk'),
      resolution('vm', {
        status: 'invalid',
        issues: [
          { path: 'wires.w1', message: 'type mismatch' },
          { path: 'params.cores', message: 'must be >= 1' },
        ],
      }),
    ],
    issues: [],
    valid: false,
  };

  it('draws badges, problems and wire problems, and waves only when asked', () => {
    const overlay = buildOverlay(plan, null, false);
    expect(overlay.nodes['net']).toMatchObject({ status: 'valid', wave: null, address: '10.1.0.0/24', issues: [] });
    expect(overlay.nodes['vm']).toMatchObject({ status: 'invalid', issues: ['wires.w1: type mismatch', 'params.cores: must be >= 1'] });
    expect(overlay.wires).toEqual({ w1: 'type mismatch' });
    const waves = buildOverlay(plan, null, true);
    expect([waves.nodes['net']?.wave, waves.nodes['disk']?.wave, waves.nodes['vm']?.wave]).toEqual([1, 1, 2]);
  });

  it('uses deployments and the latest drift record of the planned environment only', () => {
    const runtime = {
      environment: 'qa',
      deployments: [deployment('net'), deployment('disk', { status: 'destroyed' })],
      drift: [drift('dep-net', true, '2026-02-02'), drift('dep-net', false, '2026-01-01')],
    };
    const overlay = buildOverlay(plan, runtime, false);
    expect(overlay.nodes['net']?.status).toBe('drifted');
    expect(overlay.nodes['disk']?.status).toBe('valid');
    expect(buildOverlay(plan, { ...runtime, environment: 'prod' }, false).nodes['net']?.status).toBe('valid');
    expect(buildOverlay(null, runtime, true)).toEqual({ nodes: {}, wires: {} });
  });
});
