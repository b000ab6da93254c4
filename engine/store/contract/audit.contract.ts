import { describe, expect, it } from 'vitest';
import { runInRequest } from '../../context/request-context.js';
import { runAsEngineWork } from '../../context/tenant-scope.js';
import { useStore, type StoreFactory } from './harness.js';

/** The audit trail: who made each change from which call, read back filtered and a page at a time. */
export function auditContract(factory: StoreFactory): void {
  describe('audit', () => {
    const store = useStore(factory);

    it('names the caller, tenant, request and client address of a change made during a call', async () => {
      const outside = await store().topologies.create('before');
      const inside = await runInRequest({ requestId: 'req-7', actor: 'ann', tenant: 'acme', clientAddress: '10.0.0.9' }, () =>
        store().topologies.create('during'),
      );
      // Rows of two tenants: only the engine's own work reads across them.
      const [during] = await runAsEngineWork('test', () => store().audit.history('topology', inside.id));
      expect(during).toMatchObject({ actor: 'ann', tenant: 'acme', requestId: 'req-7', traceId: 'req-7', clientAddress: '10.0.0.9' });
      const [before] = await runAsEngineWork('test', () => store().audit.history('topology', outside.id));
      expect(before).toMatchObject({ actor: 'local-user', tenant: 'default', requestId: null, clientAddress: null });
    });

    it('keeps the context of the call in a unit of work', async () => {
      const created = await runInRequest({ requestId: 'req-unit', actor: 'bob', tenant: 't', clientAddress: null }, () =>
        store().unitOfWork((tx) => tx.topologies.create('in a unit')),
      );
      expect(
        await runInRequest({ requestId: 'r', actor: 'bob', tenant: 't', clientAddress: null }, () =>
          store().audit.history('topology', created.id),
        ),
      ).toEqual([expect.objectContaining({ actor: 'bob', requestId: 'req-unit' })]);
    });

    it('filters by actor, entity, action and time, newest first, a page at a time', async () => {
      const ids: string[] = [];
      for (const n of [1, 2, 3, 4, 5]) {
        const context = { requestId: `r${n}`, actor: n % 2 ? 'ann' : 'bob', tenant: 't', clientAddress: null };
        ids.push((await runInRequest(context, () => store().topologies.create(`t${n}`))).id);
      }
      await store().settings.update({ theme: 'dark' });
      // Rows of two tenants ('t' and the local one): only the engine's own work lists across them.
      const audit = {
        list: (filter: Parameters<ReturnType<typeof store>['audit']['list']>[0]) =>
          runAsEngineWork('test', () => store().audit.list(filter)),
      };
      expect((await audit.list({ actor: 'ann' })).map((row) => row.requestId)).toEqual(['r5', 'r3', 'r1']);
      expect((await audit.list({ entity: 'topology', entityId: ids[1]! })).map((row) => row.actor)).toEqual(['bob']);
      expect((await audit.list({ action: 'settings.update' })).map((row) => row.newValue)).toEqual(['dark']);
      const firstPage = await audit.list({ entity: 'topology', limit: 2 });
      expect(firstPage.map((row) => row.requestId)).toEqual(['r5', 'r4']);
      const next = await audit.list({ entity: 'topology', limit: 2, beforeId: firstPage[1]!.id });
      expect(next.map((row) => row.requestId)).toEqual(['r3', 'r2']);
      expect(await audit.list({ since: '2999-01-01T00:00:00.000Z' })).toEqual([]);
      expect(await audit.list({ until: '2000-01-01T00:00:00.000Z' })).toEqual([]);
      const recent = await audit.list({ since: new Date(Date.now() - 60_000).toISOString() });
      expect(recent).toHaveLength(6);
    });
  });
}
