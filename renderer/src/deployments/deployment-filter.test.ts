import { describe, expect, it } from 'vitest';
import type { DeployedTopology, Deployment, DeploymentStatus } from '../api/entities';
import { displayStatus } from './status-tones';
import { filterDeployments, groupByEnvironment, isDeploymentFilterSet, liveCounts, NO_DEPLOYMENT_FILTER } from './deployment-filter';

const at = '2026-01-01T00:00:00Z';
const deployment = (id: string, status: DeploymentStatus, extra: Partial<Deployment> = {}): Deployment => ({
  id,
  environment: 'dev',
  topology: 'shop',
  nodeId: id,
  label: id,
  component: 'local-vm',
  version: 1,
  provider: 'local',
  semanticType: 'VirtualMachine',
  stackName: `dev-shop-${id}`,
  status,
  values: {},
  outputs: {},
  error: null,
  createdAt: at,
  updatedAt: at,
  deployedAt: null,
  drifted: false,
  ...extra,
});

const counts = (values: Partial<Record<DeploymentStatus, number>>): Record<DeploymentStatus, number> => ({
  pending: 0,
  deploying: 0,
  deployed: 0,
  failed: 0,
  destroying: 0,
  destroyed: 0,
  upgrading: 0,
  ...values,
});
const topology = (environment: string, name: string, values: Partial<Record<DeploymentStatus, number>>): DeployedTopology => ({
  environment,
  topology: name,
  updatedAt: at,
  counts: counts(values),
  drifted: 0,
});

describe('filterDeployments', () => {
  const list = [
    deployment('web', 'deployed'),
    deployment('db', 'failed', { environment: 'prod' }),
    deployment('old', 'destroyed'),
    deployment('disk', 'deployed', { component: 'local-storage' }),
  ];

  it('hides destroyed deployments unless asked for by status', () => {
    expect(filterDeployments(list, NO_DEPLOYMENT_FILTER).map((entry) => entry.id)).toEqual(['web', 'db', 'disk']);
    expect(filterDeployments(list, { ...NO_DEPLOYMENT_FILTER, status: 'destroyed' }).map((entry) => entry.id)).toEqual(['old']);
  });

  it('filters by environment and status, and searches names, components and stacks ignoring case', () => {
    expect(filterDeployments(list, { ...NO_DEPLOYMENT_FILTER, environment: 'prod' }).map((entry) => entry.id)).toEqual(['db']);
    expect(filterDeployments(list, { ...NO_DEPLOYMENT_FILTER, status: 'failed' }).map((entry) => entry.id)).toEqual(['db']);
    expect(filterDeployments(list, { ...NO_DEPLOYMENT_FILTER, search: ' STORAGE ' }).map((entry) => entry.id)).toEqual(['disk']);
    expect(filterDeployments(list, { ...NO_DEPLOYMENT_FILTER, search: 'dev-shop-web' }).map((entry) => entry.id)).toEqual(['web']);
    expect(isDeploymentFilterSet(NO_DEPLOYMENT_FILTER)).toBe(false);
    expect(isDeploymentFilterSet({ ...NO_DEPLOYMENT_FILTER, search: 'x' })).toBe(true);
  });

  it('filters drifted deployments; deployed ones include them, and a destroyed one never shows as drifted', () => {
    const withDrift = [...list, deployment('net', 'deployed', { drifted: true }), deployment('gone', 'destroyed', { drifted: true })];
    expect(filterDeployments(withDrift, { ...NO_DEPLOYMENT_FILTER, status: 'drifted' }).map((entry) => entry.id)).toEqual(['net']);
    expect(filterDeployments(withDrift, { ...NO_DEPLOYMENT_FILTER, status: 'deployed' }).map((entry) => entry.id)).toEqual([
      'web',
      'disk',
      'net',
    ]);
    expect(displayStatus(withDrift.at(-2)!)).toBe('drifted');
    expect(displayStatus(withDrift.at(-1)!)).toBe('destroyed');
    expect(displayStatus(list[0]!)).toBe('deployed');
  });
});

describe('groupByEnvironment', () => {
  it('groups by environment by name and drops topologies with nothing left standing', () => {
    const groups = groupByEnvironment([
      topology('prod', 'shop', { deployed: 3 }),
      topology('dev', 'shop', { deployed: 2, failed: 1 }),
      topology('dev', 'gone', { destroyed: 3 }),
      topology('dev', 'api', { deploying: 1 }),
    ]);
    expect(groups.map((group) => [group.environment, group.topologies.map((entry) => entry.topology)])).toEqual([
      ['dev', ['api', 'shop']],
      ['prod', ['shop']],
    ]);
    expect(liveCounts(topology('dev', 'shop', { deployed: 2, failed: 1, destroyed: 4 }))).toEqual([
      ['deployed', 2],
      ['failed', 1],
    ]);
  });
});
