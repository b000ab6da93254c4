import { describe, expect, it } from 'vitest';
import { asTenant, useStore, type StoreFactory } from './harness.js';

const T0 = '2026-12-01T00:00:00.000Z';
const component = (id: string, name: string, tenant: string | null) => ({
  id,
  name,
  provider: 'local',
  semanticType: 'Container',
  tenant,
  description: `${name} of ${tenant ?? 'the provider'}`,
  system: tenant === null,
  draft: { description: name, nested: { list: [1, 'two', null] } },
  createdAt: T0,
});

/** The component catalog and stacks: drafts with revisions, immutable versions, instances, history, events. */
export function catalogContract(factory: StoreFactory): void {
  describe('components', () => {
    const store = useStore(factory);

    it('stores a component with its draft as a parsed document and finds it by id and name', async () => {
      await store().components.insert(component('c-1', 'web', null));
      const read = await store().components.byId('c-1');
      expect(read).toMatchObject({
        name: 'web',
        semanticType: 'Container',
        tenant: null,
        system: true,
        draftRevision: 1,
        draft: { nested: { list: [1, 'two', null] } },
      });
      expect(await store().components.byName('web', 'acme')).toEqual(read);
      expect(await store().components.byId('c-2')).toBeUndefined();
    });

    it("prefers the tenant's own component on a name clash and lists what a tenant sees", async () => {
      // The tenant had its web before the shared one came (a new tenant component may not take a shared name).
      await asTenant('acme', () => store().components.insert(component('c-acme', 'web', 'acme')));
      await store().components.insert(component('c-shared', 'web', null));
      await asTenant('other', () => store().components.insert(component('c-other', 'db', 'other')));
      expect((await asTenant('acme', () => store().components.byName('web', 'acme')))?.id).toBe('c-acme');
      expect((await asTenant('other', () => store().components.byName('web', 'other')))?.id).toBe('c-shared');
      expect((await asTenant('acme', () => store().components.visible('acme'))).map((c) => c.id).sort()).toEqual(['c-acme', 'c-shared']);
    });

    it('saves a draft only on the expected revision', () =>
      asTenant('acme', async () => {
        await store().components.insert(component('c-1', 'web', 'acme'));
        expect(await store().components.saveDraft('c-1', 1, { description: 'v2' }, 'v2', T0)).toBe(true);
        expect(await store().components.saveDraft('c-1', 1, { description: 'stale' }, 'stale', T0)).toBe(false);
        expect(await store().components.byId('c-1')).toMatchObject({ draftRevision: 2, draft: { description: 'v2' }, description: 'v2' });
      }));

    it('keeps published versions immutable and ordered', () =>
      asTenant('acme', async () => {
        await store().components.insert(component('c-1', 'web', 'acme'));
        const version = (n: number) => ({
          componentId: 'c-1',
          version: n,
          definition: { n },
          changelog: `v${n}`,
          publishedAt: T0,
          publishedBy: 'ana',
        });
        await store().components.insertVersion(version(1));
        await store().components.insertVersion(version(2));
        await expect(store().components.insertVersion({ ...version(2), definition: { n: 'rewritten' } })).rejects.toThrow();
        expect((await store().components.versions('c-1')).map((v) => v.version)).toEqual([1, 2]);
        expect(await store().components.version('c-1', 2)).toEqual(version(2));
        expect((await store().components.latest('c-1'))?.definition).toEqual({ n: 2 });
        expect(await store().components.version('c-1', 3)).toBeUndefined();
      }));

    it('stores a governance policy per tenant as a document', () =>
      asTenant('acme', async () => {
        expect(await store().components.policy('acme')).toBeUndefined();
        await store().components.savePolicy('acme', { deny: ['x'] }, T0);
        await store().components.savePolicy('acme', { deny: ['y'] }, T0);
        expect(await store().components.policy('acme')).toEqual({ deny: ['y'] });
      }));
  });

  describe('stacks', () => {
    const store = useStore(factory);
    const stack = {
      id: 's-1',
      name: 'ha-web',
      tenant: 'acme',
      description: 'HA web',
      draft: { slots: [] },
      forkedFromStack: null,
      forkedFromVersion: null,
      createdAt: T0,
    };

    it('stores drafts with revisions and versions like components', () =>
      asTenant('acme', async () => {
        await store().stacks.insert(stack);
        expect(await store().stacks.byName('ha-web', 'acme')).toMatchObject({
          id: 's-1',
          draftRevision: 1,
          draft: { slots: [] },
          forkedFromStack: null,
        });
        expect(await store().stacks.saveDraft('s-1', 1, { slots: ['a'] }, 'HA web', T0)).toBe(true);
        expect(await store().stacks.saveDraft('s-1', 1, { slots: ['b'] }, 'HA web', T0)).toBe(false);
        await store().stacks.insertVersion({
          stackId: 's-1',
          version: 1,
          definition: { slots: ['a'] },
          changelog: 'first',
          publishedAt: T0,
          publishedBy: 'ana',
        });
        expect((await store().stacks.latest('s-1'))?.definition).toEqual({ slots: ['a'] });
        expect((await store().stacks.visible('acme')).map((s) => s.name)).toEqual(['ha-web']);
      }));

    it('keeps an instance with its persisted actor, patches only the fields given, and soft-deletes it', () =>
      asTenant('acme', async () => {
        await store().stacks.insert(stack);
        await store().stacks.insertInstance({
          id: 'i-1',
          name: 'shop',
          stackId: 's-1',
          version: 1,
          environment: 'dev',
          params: { replicas: 2 },
          state: 'draft',
          machineVersion: 1,
          createdAt: T0,
        });
        expect(await store().stacks.instance('i-1')).toMatchObject({
          params: { replicas: 2 },
          state: 'draft',
          busy: false,
          activity: null,
          lastJob: null,
          snapshot: null,
          outputs: {},
          lastError: null,
        });
        await store().stacks.updateInstance('i-1', {
          busy: true,
          state: 'deploying',
          activity: { workflow: 'deploy', startedAt: T0, deadline: null, jobId: null, pid: 1 },
          snapshot: { value: 'deploying', context: {} },
        });
        await store().stacks.updateInstance('i-1', {
          outputs: { url: 'http://x' },
          lastJob: { workflow: 'deploy', jobId: 'job-1', startedAt: T0 },
        });
        const patched = await store().stacks.instanceByName('dev', 'shop');
        expect(patched).toMatchObject({
          busy: true,
          state: 'deploying',
          activity: { workflow: 'deploy', pid: 1 },
          snapshot: { value: 'deploying' },
          outputs: { url: 'http://x' },
          lastJob: { jobId: 'job-1' },
          params: { replicas: 2 },
        });
        await store().stacks.updateInstance('i-1', { busy: false, activity: null, snapshot: null, lastError: 'it broke' });
        expect(await store().stacks.instance('i-1')).toMatchObject({ busy: false, activity: null, snapshot: null, lastError: 'it broke' });
        await store().stacks.forgetInstance('i-1');
        expect(await store().stacks.instance('i-1')).toBeUndefined();
        expect(await store().stacks.instances()).toEqual([]);
      }));

    it('numbers the state history per instance', () =>
      asTenant('acme', async () => {
        await store().stacks.insert(stack);
        for (const id of ['i-1', 'i-2'])
          await store().stacks.insertInstance({
            id,
            name: id,
            stackId: 's-1',
            version: 1,
            environment: 'dev',
            params: {},
            state: 'draft',
            machineVersion: 1,
            createdAt: T0,
          });
        const first = await store().stacks.appendHistory({
          instanceId: 'i-1',
          from: null,
          to: 'draft',
          trigger: 'create',
          cause: 'created',
          at: T0,
        });
        await store().stacks.appendHistory({ instanceId: 'i-2', from: null, to: 'draft', trigger: 'create', cause: 'created', at: T0 });
        const second = await store().stacks.appendHistory({
          instanceId: 'i-1',
          from: 'draft',
          to: 'live',
          trigger: 'deploy',
          cause: 'deployed',
          at: T0,
        });
        expect([first.seq, second.seq]).toEqual([1, 2]);
        expect((await store().stacks.history('i-1')).map((h) => [h.seq, h.from, h.to])).toEqual([
          [1, null, 'draft'],
          [2, 'draft', 'live'],
        ]);
      }));

    it('logs events newest first and finds those that reached an instance through an outcome', async () => {
      const outcome = { instanceId: 'i-2', trigger: 'heal', from: 'live', to: 'healing', note: 'rule 1' };
      const a = await store().stacks.appendEvent({ type: 'a', source: 'cli', instanceId: 'i-1', payload: { n: 1 }, outcomes: [], at: T0 });
      const b = await store().stacks.appendEvent({
        type: 'b',
        source: 'poller',
        instanceId: null,
        payload: {},
        outcomes: [outcome],
        at: T0,
      });
      expect((await store().stacks.events()).map((e) => e.id)).toEqual([b, a]);
      expect(await store().stacks.events({ instanceId: 'i-2' })).toEqual([
        { id: b, type: 'b', source: 'poller', instanceId: null, payload: {}, outcomes: [outcome], at: T0 },
      ]);
      expect((await store().stacks.events({ limit: 1 })).map((e) => e.id)).toEqual([b]);
    });

    it('remembers what the poller last saw of a watched object', async () => {
      const watch = { deploymentId: 'd-1', path: '/tmp/x', fingerprint: 'f1', condition: 'ok', checkedAt: T0 };
      await store().stacks.saveWatch(watch);
      await store().stacks.saveWatch({ ...watch, fingerprint: null, condition: 'removed' });
      expect(await store().stacks.watch('d-1', '/tmp/x')).toEqual({ ...watch, fingerprint: null, condition: 'removed' });
      await store().stacks.forgetWatches('d-1');
      expect(await store().stacks.watch('d-1', '/tmp/x')).toBeUndefined();
    });
  });
}
