import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TopologyDocument } from '../api/schemas/topology.js';
import { tempDir } from '../test-support/temp-dir.js';
import { openStore, type Store } from './store.js';

let temp: ReturnType<typeof tempDir>;
let store: Store;
beforeEach(() => {
  temp = tempDir();
  store = openStore(temp.dir, { actor: 'tester' });
});
afterEach(() => {
  store.close();
  temp.remove();
});

const twoNodes: TopologyDocument = {
  schemaVersion: 1,
  nodes: [
    { id: 'a', label: 'net', component: 'local-network', position: { x: 0, y: 0 } },
    { id: 'b', label: 'vm', component: 'local-vm', position: { x: 300, y: 0 } },
  ],
  wires: [{ id: 'w', source: { node: 'a', port: 'out' }, target: { node: 'b', port: 'in' } }],
};

describe('TopologyRepository', () => {
  it('increments the revision on every save and lists newest first', () => {
    const created = store.topologies.create('first');
    expect(created.revision).toBe(1);
    const saved = store.topologies.save(created.id, 1, twoNodes);
    expect(saved.revision).toBe(2);
    expect(saved.document).toEqual(twoNodes);
    store.topologies.create('second');
    expect(store.topologies.list().map((t) => t.name)).toEqual(['second', 'first']);
    expect(store.topologies.list().find((t) => t.id === created.id)?.nodeCount).toBe(2);
  });

  it('refuses a save based on a stale revision and keeps the stored document', () => {
    const created = store.topologies.create('shared');
    store.topologies.save(created.id, 1, twoNodes);
    expect(() => store.topologies.save(created.id, 1, { schemaVersion: 1, nodes: [], wires: [] })).toThrow(/changed elsewhere/);
    expect(store.topologies.get(created.id).document).toEqual(twoNodes);
    expect(store.topologies.get(created.id).revision).toBe(2);
  });

  it('soft-deletes: gone from reads, kept in the table and the audit log', () => {
    const created = store.topologies.create('doomed');
    store.topologies.delete(created.id);
    expect(() => store.topologies.get(created.id)).toThrow(/does not exist/);
    expect(store.topologies.list()).toEqual([]);
    const actions = store.audit.history('topology', created.id).map((row) => row.action);
    expect(actions).toEqual(['topology.create', 'topology.delete']);
  });

  it('writes an audit row with actor, old and new value for every save', () => {
    const created = store.topologies.create('audited');
    store.topologies.save(created.id, 1, twoNodes, 'renamed');
    const history = store.audit.history('topology', created.id);
    expect(history).toHaveLength(2);
    const save = history[1]!;
    expect(save.actor).toBe('tester');
    expect(save.action).toBe('topology.save');
    expect(save.oldValue).toMatchObject({ name: 'audited', revision: 1 });
    expect(save.newValue).toMatchObject({ name: 'renamed', revision: 2, document: twoNodes });
  });
});

describe('SettingsRepository', () => {
  it('returns defaults, then what was saved', () => {
    expect(store.settings.get()).toEqual({ theme: 'system' });
    expect(store.settings.update({ theme: 'dark' })).toEqual({ theme: 'dark' });
    expect(store.audit.history('setting', 'theme')[0]?.newValue).toBe('dark');
  });
});
