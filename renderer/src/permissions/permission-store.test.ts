import { describe, expect, it } from 'vitest';
import { PERMISSIONS, BUILT_IN_ROLES } from '../../../engine/common/permissions';
import { ApiError } from '../api/api-error';
import { PermissionStore, type WhoAmI } from './permission-store';

const who = (permissions: WhoAmI['permissions']): WhoAmI => ({
  backend: 'server',
  user: { id: 'u1', name: 'ann', displayName: 'Ann' },
  tenant: { id: 't1', name: 'acme' },
  permissions,
});
const answering = (answer: WhoAmI | Error) => ({
  whoAmI: () => (answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer)),
});

describe('PermissionStore', () => {
  it('refuses what a read-only user lacks, naming the permission, and allows what it holds', async () => {
    const store = new PermissionStore();
    await store.load(answering(who([...BUILT_IN_ROLES['read-only']])));
    expect(store.getState()).toMatchObject({ status: 'known', who: { user: { name: 'ann' } } });
    expect(store.can('startDeployment')).toBe(false);
    expect(store.reasonFor('startDeployment')).toBe('You lack the permission component:deploy');
    expect(store.reasonFor('deployStack')).toBe('You lack the permission stack:instance:deploy');
    expect(store.can('listTopologies')).toBe(true);
    expect(store.reasonForAny(['listTopologies', 'saveTopology', 'startDeployment'])).toBe('You lack the permission topology:update');
    expect(store.reasonForAny(['listTopologies', 'planTopology'])).toBeNull();
  });

  it('allows everything to the owner of a local engine', async () => {
    const store = new PermissionStore();
    await store.load(answering({ ...who([...PERMISSIONS]), backend: 'local' }));
    expect(store.can('startDeployment')).toBe(true);
    expect(store.can('createUser')).toBe(true);
  });

  it('allows everything while loading and when the engine does not answer (the engine still checks)', async () => {
    const store = new PermissionStore();
    expect(store.getState()).toEqual({ status: 'loading' });
    expect(store.can('startDeployment')).toBe(true);
    await store.load(answering(new ApiError('unknown_method', 'Unknown API method whoAmI')));
    expect(store.getState()).toMatchObject({ status: 'unknown' });
    expect(store.can('startDeployment')).toBe(true);
  });

  it('tells listeners once per answer and keeps the answer of the latest request only', async () => {
    const store = new PermissionStore();
    let calls = 0;
    store.subscribe(() => (calls += 1));
    let releaseSlow: (value: WhoAmI) => void = () => undefined;
    const slow = { whoAmI: () => new Promise<WhoAmI>((resolve) => (releaseSlow = resolve)) };
    const first = store.load(slow);
    await store.load(answering(who(['topology:read'])));
    releaseSlow(who([...PERMISSIONS]));
    await first;
    expect(calls).toBe(1);
    expect(store.can('startDeployment')).toBe(false);
    store.dispose();
  });
});
