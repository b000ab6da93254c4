import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TopologyDocument } from '../api/schemas/topology.js';
import { openStore, type Store } from '../store/store.js';
import { tempDir } from '../test-support/temp-dir.js';
import { recordDeployedTopology } from './deployed-topology-record.js';

let temp: ReturnType<typeof tempDir>;
let store: Store;
beforeEach(() => {
  temp = tempDir();
  store = openStore(temp.dir);
});
afterEach(() => {
  store.close();
  temp.remove();
});

const doc = (size: number): TopologyDocument => ({
  schemaVersion: 1,
  nodes: [{ id: 'd', label: 'disk', component: 'local-storage@1', position: { x: 0, y: 0 }, params: { size_mb: size } }],
  wires: [],
});

describe('a topology deployed from a file is recorded for the planner', () => {
  it('creates the topology when none has the name', async () => {
    const topologies = store.async.topologies;
    const recorded = await recordDeployedTopology(topologies, 'From file', doc(1));
    expect(recorded.action).toBe('created');
    expect((await topologies.list()).map((t) => t.name)).toEqual(['From file']);
    expect((await topologies.get(recorded.id)).document).toEqual(doc(1));
  });

  it('leaves an equal saved topology alone and saves a changed one as a new revision, keeping unsaved planner edits', async () => {
    const topologies = store.async.topologies;
    const saved = await topologies.create('Shop', doc(1));
    await topologies.saveDraft(saved.id, 1, doc(7));
    expect(await recordDeployedTopology(topologies, 'Shop', JSON.parse(JSON.stringify(doc(1))) as TopologyDocument)).toEqual({
      id: saved.id,
      action: 'unchanged',
    });
    expect((await topologies.get(saved.id)).revision).toBe(1);

    expect(await recordDeployedTopology(topologies, 'Shop', doc(2))).toEqual({ id: saved.id, action: 'updated' });
    const after = await topologies.get(saved.id);
    expect(after).toMatchObject({ revision: 2, document: doc(2) });
    expect(await topologies.getDraft(saved.id)).toMatchObject({ baseRevision: 1, document: doc(7) });
    expect(await topologies.list()).toHaveLength(1);
  });
});
