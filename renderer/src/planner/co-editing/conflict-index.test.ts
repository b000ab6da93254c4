import { describe, expect, it } from 'vitest';
import type { TopologyConflictView, TopologyDocument } from '../../../../engine/api/contract';
import { buildConflictIndex, EMPTY_CONFLICT_INDEX, nextConflictedNode } from './conflict-index';

const document: TopologyDocument = {
  schemaVersion: 1,
  nodes: [
    { id: 'net', label: 'network', component: 'net@1', position: { x: 0, y: 0 } },
    { id: 'vm', label: 'web', component: 'vm@1', position: { x: 300, y: 0 } },
    { id: 'db', label: 'db', component: 'db@1', position: { x: 300, y: 200 } },
  ],
  wires: [{ id: 'w1', source: { node: 'net', port: 'id' }, target: { node: 'vm', port: 'network' } }],
};

const value = (id: string, v: unknown, userName: string | null, userId: string | null = null) => ({
  id,
  value: v,
  actor: 'abcdef0123456789',
  userId,
  userName,
});

const conflicts: TopologyConflictView[] = [
  {
    kind: 'field',
    collection: 'nodes',
    id: 'vm',
    field: 'params.cores',
    path: ['nodes', 'vm', 'params', 'cores'],
    values: [value('1@a', 2, 'Ann'), value('1@b', 4, null, 'u-bob')],
  },
  { kind: 'field', collection: 'nodes', id: 'db', field: 'label', path: ['nodes', 'db', 'label'], values: [value('2@a', 'db-1', null)] },
  {
    kind: 'field',
    collection: 'wires',
    id: 'w1',
    field: 'source',
    path: ['wires', 'w1', 'source'],
    values: [value('3@a', { node: 'net', port: 'id' }, 'Ann'), value('3@b', { node: 'db', port: 'id' }, 'Bob')],
  },
  {
    kind: 'input-wired-twice',
    collection: 'wires',
    id: 'db',
    field: 'subnet',
    path: ['wires', '#input', 'db', 'subnet'],
    values: [value('wa', { id: 'wa', source: { node: 'net', port: 'id' } }, 'Ann')],
  },
  {
    kind: 'deleted-while-edited',
    collection: 'nodes',
    id: 'net',
    path: ['nodes', 'net'],
    values: [value('4@a', 'deleted', 'Ann'), value('4@b', 'kept', 'Bob')],
  },
  { kind: 'field', collection: 'frames', id: 'f1', field: 'label', path: ['frames', 'f1', 'label'], values: [] },
  { kind: 'field', collection: 'wires', id: 'gone', field: 'target', path: ['wires', 'gone', 'target'], values: [] },
];

describe('buildConflictIndex', () => {
  const index = buildConflictIndex(conflicts, document);

  it('is empty without conflicts', () => {
    expect(buildConflictIndex([], document)).toBe(EMPTY_CONFLICT_INDEX);
  });

  it('puts field, wire and whole-node conflicts on their nodes, and the rest apart', () => {
    expect(index.total).toBe(7);
    expect(index.byNode.get('vm')?.map((entry) => entry.title)).toEqual(['Parameter cores', 'Wire into network: its source']);
    expect(index.byNode.get('db')?.map((entry) => entry.title)).toEqual(['Label', 'Two wires into subnet']);
    expect(index.byNode.get('net')?.map((entry) => entry.kind)).toEqual(['deleted-while-edited']);
    expect(index.elsewhere.map((entry) => entry.key)).toEqual([
      JSON.stringify(['frames', 'f1', 'label']),
      JSON.stringify(['wires', 'gone', 'target']),
    ]);
  });

  it('says every value and who made it, names first, then ids, then the replica', () => {
    const [cores, wire] = index.byNode.get('vm') ?? [];
    expect(cores?.choices).toEqual([
      { id: '1@a', text: '2', who: 'Ann', shown: true },
      { id: '1@b', text: '4', who: 'u-bob', shown: false },
    ]);
    expect(wire?.choices.map((choice) => choice.text)).toEqual(['network.id', 'db.id']);
    expect(index.byNode.get('db')?.[0]?.choices[0]?.who).toBe('another replica (abcdef01)');
    expect(index.byNode.get('db')?.[1]?.choices[0]?.text).toBe('From network.id');
    expect(index.byNode.get('net')?.[0]?.choices.map((choice) => choice.text)).toEqual(['Deleted', 'Kept, with the edit']);
  });

  it('walks conflicted nodes left to right, then top to bottom, wrapping round', () => {
    expect(index.nodeOrder).toEqual(['net', 'vm', 'db']);
    expect(nextConflictedNode(index, null)).toBe('net');
    expect(nextConflictedNode(index, 'vm')).toBe('db');
    expect(nextConflictedNode(index, 'db')).toBe('net');
    expect(nextConflictedNode(index, 'unknown')).toBe('net');
    expect(nextConflictedNode(EMPTY_CONFLICT_INDEX, 'vm')).toBeNull();
  });
});
