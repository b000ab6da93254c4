import { describe, expect, it } from 'vitest';
import type { DriftEntry } from '../../api/schemas/deployments.js';
import { newDeployment, useStore, type StoreFactory } from './harness.js';

const entry = (actual: number): DriftEntry => ({
  urn: 'urn:pulumi:s::p::t::network',
  type: 't',
  change: 'modified',
  properties: [{ name: 'mtu', expected: 1500, actual }],
});

/** Deployments, the journal and deploy locks, the CMDB and drift history. */
export function deploymentsContract(factory: StoreFactory): void {
  describe('deployments', () => {
    const store = useStore(factory);

    it('creates a pending deployment, changes only the fields given and audits status changes', async () => {
      const created = await store().deployments.insert(newDeployment('d-1'));
      expect(created).toMatchObject({
        status: 'pending',
        everDeployed: false,
        drifted: false,
        outputs: {},
        error: null,
        values: { mtu: { value: 1500 } },
      });
      const deployed = await store().deployments.update('d-1', { status: 'deployed', everDeployed: true, outputs: { id: 'n-1' } });
      expect(deployed).toMatchObject({ status: 'deployed', everDeployed: true, outputs: { id: 'n-1' }, label: 'Label d-1' });
      expect((await store().audit.history('deployment', 'd-1')).map((a) => a.action)).toEqual(['deployment.create', 'deployment.deployed']);
      await expect(store().deployments.get('d-2')).rejects.toMatchObject({ code: 'not_found' });
      expect(await store().deployments.find('d-2')).toBeUndefined();
    });

    it('lists live deployments per topology and leaves destroyed ones out unless asked', async () => {
      await store().deployments.insert(newDeployment('d-1'));
      await store().deployments.insert(newDeployment('d-2'));
      await store().deployments.insert(newDeployment('d-3', 'prod'));
      await store().deployments.update('d-2', { status: 'destroyed' });
      expect((await store().deployments.live('dev', 'office')).map((d) => d.id)).toEqual(['d-1']);
      expect((await store().deployments.list({ environment: 'dev' })).map((d) => d.id)).toEqual(['d-1']);
      expect((await store().deployments.list({ includeDestroyed: true })).map((d) => d.id).sort()).toEqual(['d-1', 'd-2', 'd-3']);
    });

    it('forgets a pending deployment that never ran, and keeps one with a journal', async () => {
      await store().deployments.insert(newDeployment('d-1'));
      await store().deployments.insert(newDeployment('d-2'));
      await store().journal.openJournal('d-2', 'up', null);
      await store().deployments.forgetPending('d-1');
      await store().deployments.forgetPending('d-2');
      expect(await store().deployments.find('d-1')).toBeUndefined();
      expect(await store().deployments.find('d-2')).toBeDefined();
    });

    it('keeps the document a topology was deployed from, per environment', async () => {
      expect(await store().deployments.topologyDocument('dev', 'office')).toBeUndefined();
      await store().deployments.saveTopologyDocument('dev', 'office', { nodes: [{ id: 'a' }] });
      expect(await store().deployments.topologyDocument('dev', 'office')).toEqual({ nodes: [{ id: 'a' }] });
      expect((await store().deployments.deployedTopologies()).map((t) => [t.environment, t.topology])).toEqual([['dev', 'office']]);
      await store().deployments.forgetTopology('dev', 'office');
      expect(await store().deployments.deployedTopologies()).toEqual([]);
    });

    it('names the deployments that still hold allocations', async () => {
      await store().naming.insert({
        id: 'n',
        scope: 'env:dev',
        series: 'web',
        seq: 1,
        name: 'web-1',
        fqdn: null,
        owner: 'deployment:d-1',
        createdAt: '2026-12-01T00:00:00.000Z',
      });
      await store().naming.insert({
        id: 'm',
        scope: 'env:dev',
        series: 'web',
        seq: 2,
        name: 'web-2',
        fqdn: null,
        owner: 'preview',
        createdAt: '2026-12-01T00:00:00.000Z',
      });
      expect(await store().deployments.allocationOwners()).toEqual(['deployment:d-1']);
    });
  });

  describe('journal and locks', () => {
    const store = useStore(factory);

    it('opens and closes journal rows; the unfinished ones are what recovery sees', async () => {
      await store().deployments.insert(newDeployment('d-1'));
      const up = await store().journal.openJournal('d-1', 'up', 'job-1');
      const refresh = await store().journal.openJournal('d-1', 'refresh', null);
      await store().journal.closeJournal(up, 'succeeded');
      expect((await store().journal.unfinishedJournal()).map((e) => [e.id, e.operation, e.deploymentId])).toEqual([
        [refresh, 'refresh', 'd-1'],
      ]);
      expect((await store().journal.journal('d-1')).map((e) => [e.operation, e.outcome])).toEqual([
        ['refresh', null],
        ['up', 'succeeded'],
      ]);
    });

    it('lets one holder take an environment lock, also among concurrent attempts', async () => {
      const attempts = await Promise.all(Array.from({ length: 10 }, (_, i) => store().journal.tryLock('dev', `job-${i}`)));
      const winners = attempts.filter((a) => a.acquired);
      expect(winners).toHaveLength(1);
      const holder = (await store().journal.locks())[0]!;
      expect(attempts.filter((a) => !a.acquired).every((a) => !a.acquired && a.holder.jobId === holder.jobId)).toBe(true);
      await store().journal.unlock('dev', 'someone-else');
      expect(await store().journal.locks()).toHaveLength(1);
      await store().journal.unlock('dev', holder.jobId);
      expect(await store().journal.locks()).toEqual([]);
      await store().journal.tryLock('prod', null);
      await store().journal.breakLock('prod');
      expect(await store().journal.tryLock('prod', null)).toEqual({ acquired: true });
    });
  });

  describe('CMDB', () => {
    const store = useStore(factory);
    const item = (id: string, deploymentId: string) => ({
      id,
      deploymentId,
      environment: 'dev',
      name: deploymentId,
      semanticType: 'VirtualNetwork',
      provider: 'local',
      providerId: null,
      urn: null,
      attributes: { mtu: 1500 },
    });

    it('keeps one active item per deployment, refreshed in place, and decommissions it', async () => {
      await store().deployments.insert(newDeployment('d-1'));
      const first = await store().cmdb.upsertCmdbItem(item('i-1', 'd-1'));
      const again = await store().cmdb.upsertCmdbItem({ ...item('i-ignored', 'd-1'), attributes: { mtu: 9000 }, urn: 'urn:x' });
      expect(again).toMatchObject({ id: first.id, status: 'active', urn: 'urn:x', attributes: { mtu: 9000 } });
      await store().cmdb.decommission('d-1');
      expect(await store().cmdb.activeCmdbItem('d-1')).toBeUndefined();
      const next = await store().cmdb.upsertCmdbItem(item('i-2', 'd-1'));
      expect((await store().cmdb.cmdbItemsOf('d-1')).map((i) => [i.id, i.status]).sort()).toEqual([
        ['i-1', 'decommissioned'],
        ['i-2', 'active'],
      ]);
      expect((await store().cmdb.cmdbItems()).length).toBe(2);
      expect(next.decommissionedAt).toBeNull();
    });

    it('replaces the incoming relationships of an item', async () => {
      for (const id of ['a', 'b', 'c', 't']) {
        await store().deployments.insert(newDeployment(`d-${id}`));
        await store().cmdb.upsertCmdbItem(item(id, `d-${id}`));
      }
      await store().cmdb.relate('t', [
        { source: 'a', kind: 'wire', detail: 'x' },
        { source: 'b', kind: 'depends_on', detail: '' },
      ]);
      await store().cmdb.relate('t', [{ source: 'c', kind: 'wire', detail: 'y' }]);
      expect(await store().cmdb.relationships()).toEqual([{ source: 'c', target: 't', kind: 'wire', detail: 'y' }]);
    });
  });

  describe('drift', () => {
    const store = useStore(factory);

    it('folds repeated identical checks into one record and keeps a row per change', async () => {
      await store().deployments.insert(newDeployment('d-1'));
      await store().drift.recordDrift('d-1', 'j1', []);
      await store().drift.recordDrift('d-1', 'j2', []);
      await store().drift.recordDrift('d-1', 'j3', [entry(9000)]);
      await store().drift.recordDrift('d-1', 'j4', [entry(9000)]);
      expect((await store().deployments.get('d-1')).drifted).toBe(true);
      await store().drift.recordDrift('d-1', 'j5', [entry(8000)]);
      await store().drift.recordDrift('d-1', 'j6', [], { change: 'repaired', note: 'deployed again' });
      await store().drift.recordDrift('d-1', 'j7', []);
      const records = await store().drift.driftRecords('d-1');
      expect(records.map((r) => [r.change, r.checks, r.jobId])).toEqual([
        ['repaired', 2, 'j7'],
        ['drift-changed', 1, 'j5'],
        ['drift-found', 2, 'j4'],
        ['in-sync', 2, 'j2'],
      ]);
      expect(records[1]!.entries).toEqual([entry(8000)]);
      expect((await store().drift.latestDrift('d-1'))?.id).toBe(records[0]!.id);
      expect((await store().deployments.get('d-1')).drifted).toBe(false);
      expect(await store().drift.latestDrift('d-2')).toBeUndefined();
      expect((await store().drift.driftRecords()).length).toBe(4);
    });
  });
}
