import { describe, expect, it } from 'vitest';
import type { StackInstance } from './instance-entities';
import { filterInstances, groupByEnvironment, isInstanceFilterSet, NO_INSTANCE_FILTER, statesOf } from './instance-filter';
import { stateTone } from './instance-tones';

const at = '2026-01-01T00:00:00Z';
const instance = (name: string, environment: string, state: string, extra: Partial<StackInstance> = {}): StackInstance => ({
  id: `id-${name}`,
  name,
  stack: 'ha-web',
  version: 1,
  environment,
  lastJob: null,
  params: {},
  state,
  status: 'idle',
  activity: null,
  outputs: {},
  lastError: null,
  machineVersion: 1,
  createdAt: at,
  updatedAt: at,
  ...extra,
});

const instances = [
  instance('web', 'prod', 'active'),
  instance('shop', 'dev', 'degraded', { stack: 'shop', version: 3 }),
  instance('api', 'dev', 'deploying', { status: 'running', activity: { workflow: 'deploy', startedAt: at, deadline: null, jobId: 'j1' } }),
];

describe('instance list', () => {
  it('groups by environment, both sorted by name', () => {
    expect(groupByEnvironment(instances).map((group) => [group.environment, group.instances.map((entry) => entry.name)])).toEqual([
      ['dev', ['api', 'shop']],
      ['prod', ['web']],
    ]);
    expect(groupByEnvironment([])).toEqual([]);
  });

  it('filters by environment, state and a search over name, stack@version and activity', () => {
    expect(filterInstances(instances, NO_INSTANCE_FILTER)).toHaveLength(3);
    expect(filterInstances(instances, { ...NO_INSTANCE_FILTER, environment: 'dev' }).map((entry) => entry.name)).toEqual(['shop', 'api']);
    expect(filterInstances(instances, { ...NO_INSTANCE_FILTER, state: 'active' }).map((entry) => entry.name)).toEqual(['web']);
    expect(filterInstances(instances, { ...NO_INSTANCE_FILTER, search: 'SHOP@3' }).map((entry) => entry.name)).toEqual(['shop']);
    expect(filterInstances(instances, { ...NO_INSTANCE_FILTER, search: 'deploy' }).map((entry) => entry.name)).toEqual(['api']);
    expect(isInstanceFilterSet(NO_INSTANCE_FILTER)).toBe(false);
    expect(isInstanceFilterSet({ ...NO_INSTANCE_FILTER, search: '  ' })).toBe(false);
    expect(isInstanceFilterSet({ ...NO_INSTANCE_FILTER, state: 'active' })).toBe(true);
  });

  it('lists the states in use, keeping the chosen one', () => {
    expect(statesOf(instances)).toEqual(['active', 'degraded', 'deploying']);
    expect(statesOf(instances, 'destroyed')).toEqual(['active', 'degraded', 'deploying', 'destroyed']);
  });

  it('colours common state names and leaves the others neutral', () => {
    expect(stateTone('active')).toBe('success');
    expect(stateTone('degraded')).toBe('warning');
    expect(stateTone('failed')).toBe('danger');
    expect(stateTone('upgrading')).toBe('accent');
    expect(stateTone('new')).toBe('neutral');
    expect(stateTone('destroyed')).toBe('neutral');
  });
});
