import { describe, expect, it } from 'vitest';
import type { TopologyDocument } from '../../api/schemas/topology.js';
import { useStore, type StoreFactory } from './harness.js';

const DOCUMENT: TopologyDocument = { schemaVersion: 1, nodes: [], wires: [] };

/** Settings, topologies (revisions, drafts, soft delete), jobs and the audit trail. */
export function recordsContract(factory: StoreFactory): void {
  describe('settings', () => {
    const store = useStore(factory);

    it('reads the defaults until a value is saved, then the saved value, and audits the change', async () => {
      expect(await store().settings.get()).toEqual({ theme: 'system' });
      expect(await store().settings.update({ theme: 'dark' })).toEqual({ theme: 'dark' });
      expect(await store().settings.get()).toEqual({ theme: 'dark' });
      const audit = await store().audit.history('setting', 'theme');
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ action: 'settings.update', oldValue: 'system', newValue: 'dark' });
    });
  });

  describe('topologies', () => {
    const store = useStore(factory);

    it('creates, reads, saves on the expected revision and lists', async () => {
      const created = await store().topologies.create('office');
      expect(created).toMatchObject({ name: 'office', revision: 1, document: DOCUMENT });
      const saved = await store().topologies.save(created.id, 1, DOCUMENT, 'office-2');
      expect(saved).toMatchObject({ name: 'office-2', revision: 2 });
      expect(await store().topologies.get(created.id)).toEqual(saved);
      expect((await store().topologies.list()).map((t) => [t.name, t.revision, t.nodeCount])).toEqual([['office-2', 2, 0]]);
      // The summary of one topology is its listing, without reading its document.
      expect(await store().topologies.summary(created.id)).toEqual((await store().topologies.list())[0]);
      await store().topologies.delete(created.id);
      await expect(store().topologies.summary(created.id)).rejects.toMatchObject({ code: 'not_found' });
      await expect(store().topologies.summary('no-such-topology')).rejects.toMatchObject({ code: 'not_found' });
    });

    it('audits a save with both versions, and a refused save not at all', async () => {
      const created = await store().topologies.create('office');
      const next: TopologyDocument = {
        schemaVersion: 1,
        nodes: [{ id: 'web', label: 'web', component: 'proxmox-vm@3', position: { x: 1, y: 2 }, params: { cores: 2 } }],
        wires: [],
      };
      await store().topologies.save(created.id, 1, next, 'office-2');
      await expect(store().topologies.save(created.id, 1, DOCUMENT, 'stale')).rejects.toMatchObject({ code: 'revision_conflict' });
      await expect(store().topologies.save('no-such-topology', 1, DOCUMENT)).rejects.toMatchObject({ code: 'not_found' });
      const audit = await store().audit.history('topology', created.id);
      expect(audit.map((entry) => entry.action)).toEqual(['topology.create', 'topology.save']);
      expect(audit[1]).toMatchObject({
        oldValue: { name: 'office', revision: 1, document: DOCUMENT },
        newValue: { name: 'office-2', revision: 2, document: next },
      });
      expect(await store().topologies.get(created.id)).toMatchObject({ name: 'office-2', revision: 2, document: next });
    });

    it("audits a shared document's change with the heads it reached, not both documents", async () => {
      const created = await store().topologies.create('office');
      const heads = ['a'.repeat(64), 'b'.repeat(64)];
      await store().topologies.save(created.id, 1, DOCUMENT, undefined, { documentHeads: heads });
      const [, merged] = await store().audit.history('topology', created.id);
      expect(merged).toMatchObject({ action: 'topology.save', oldValue: { name: 'office', revision: 1 } });
      expect(merged?.newValue).toEqual({ name: 'office', revision: 2, documentHeads: heads });
      expect(merged?.oldValue).not.toHaveProperty('document');
      expect(await store().topologies.get(created.id)).toMatchObject({ revision: 2, document: DOCUMENT });
    });

    it('refuses a save on a stale revision and writes nothing', async () => {
      const created = await store().topologies.create('office');
      await store().topologies.save(created.id, 1, DOCUMENT);
      await expect(store().topologies.save(created.id, 1, DOCUMENT, 'stale')).rejects.toMatchObject({ code: 'revision_conflict' });
      expect(await store().topologies.get(created.id)).toMatchObject({ name: 'office', revision: 2 });
    });

    it('soft-deletes: the topology is gone from reads, its audit stays', async () => {
      const created = await store().topologies.create('office');
      await store().topologies.delete(created.id);
      await expect(store().topologies.get(created.id)).rejects.toMatchObject({ code: 'not_found' });
      expect(await store().topologies.list()).toEqual([]);
      expect((await store().audit.history('topology', created.id)).map((a) => a.action)).toEqual(['topology.create', 'topology.delete']);
    });

    it('keeps an autosaved draft until a save or a discard', async () => {
      const created = await store().topologies.create('office');
      expect(await store().topologies.getDraft(created.id)).toBeNull();
      await store().topologies.saveDraft(created.id, 1, DOCUMENT);
      expect(await store().topologies.getDraft(created.id)).toMatchObject({ id: created.id, baseRevision: 1, document: DOCUMENT });
      await store().topologies.save(created.id, 1, DOCUMENT, undefined, { keepDraft: true });
      expect(await store().topologies.getDraft(created.id)).not.toBeNull();
      await store().topologies.save(created.id, 2, DOCUMENT);
      expect(await store().topologies.getDraft(created.id)).toBeNull();
      await store().topologies.saveDraft(created.id, 3, DOCUMENT);
      expect(await store().topologies.discardDraft(created.id)).toBe(true);
      expect(await store().topologies.discardDraft(created.id)).toBe(false);
    });
  });

  describe('jobs', () => {
    const store = useStore(factory);

    it('records a job, its events in order and its outcome', async () => {
      await store().jobs.create({ id: 'job-1', kind: 'deploy', title: 'Deploy office', createdAt: '2026-12-01T00:00:00.000Z' });
      await store().jobs.appendEvent({
        jobId: 'job-1',
        seq: 1,
        at: '2026-12-01T00:00:01.000Z',
        type: 'job.started',
        kind: 'deploy',
        title: 'Deploy office',
      });
      await store().jobs.appendEvent({ jobId: 'job-1', seq: 2, at: '2026-12-01T00:00:02.000Z', type: 'job.progress', done: 1, total: 2 });
      expect(await store().jobs.get('job-1')).toMatchObject({ status: 'running', finishedAt: null, error: null, result: null });
      await store().jobs.finish(
        'job-1',
        'failed',
        '2026-12-01T00:00:03.000Z',
        { code: 'deploy_failed', message: 'no', details: {} },
        { nodes: 2 },
      );
      expect(await store().jobs.get('job-1')).toMatchObject({ status: 'failed', error: { code: 'deploy_failed' }, result: { nodes: 2 } });
      expect((await store().jobs.events('job-1')).map((e) => [e.seq, e.type])).toEqual([
        [1, 'job.started'],
        [2, 'job.progress'],
      ]);
      expect((await store().jobs.list()).map((j) => j.id)).toEqual(['job-1']);
      await store().jobs.create({ id: 'job-3', kind: 'deploy', title: 'Deploy lab', createdAt: '2026-12-01T00:00:03.000Z' });
      expect(await store().jobs.countByStatus()).toEqual({ failed: 1, running: 1 });
      await expect(store().jobs.get('job-2')).rejects.toMatchObject({ code: 'not_found' });
    });
  });
}
