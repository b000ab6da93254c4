/**
 * Test support for shared topology documents: a desktop's replica as the desktop side keeps one,
 * talking to an engine through any dispatch function (a dispatcher, an HTTP client), so the same
 * scenarios run against the SQLite engine and the shared server on PostgreSQL.
 */
import { expect } from 'vitest';
import type { TopologyDocument, TopologyNode } from '../api/schemas/topology.js';
import type { WireError } from '../api/schemas/jobs.js';
import { TopologyReplica } from './topology-document.js';

/** Calls a method as one user; resolves to the answer or to `{ error }`. */
export type CallAs = (method: string, input: unknown) => Promise<{ ok: true; result: unknown } | { ok: false; error: WireError }>;

const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

export const node = (id: string, x: number, params?: Record<string, unknown>): TopologyNode => ({
  id,
  label: `node ${id}`,
  component: id.startsWith('net') ? 'proxmox-network@2' : 'proxmox-vm@3',
  position: { x, y: 100 },
  ...(params ? { params } : {}),
});

/** A small topology with parameters and wires to edit. */
export const baseTopology = (): TopologyDocument => ({
  schemaVersion: 1,
  nodes: [
    node('net', 0),
    node('web', 300, { cores: 2, memory_mb: 2048, tags: ['web', 'public'] }),
    node('db', 600, { cores: 4, disk_gb: 100 }),
    node('cache', 900, { cores: 1 }),
  ],
  wires: [
    { id: 'w-web-net', source: { node: 'net', port: 'network_id' }, target: { node: 'web', port: 'network_id' } },
    { id: 'w-db-net', source: { node: 'net', port: 'network_id' }, target: { node: 'db', port: 'network_id' } },
    { id: 'w-cache-web', source: { node: 'web', port: 'address' }, target: { node: 'cache', port: 'upstream' } },
  ],
});

export const nodeOf = (doc: TopologyDocument, id: string) => doc.nodes.find((candidate) => candidate.id === id);

async function expectOk<T>(call: ReturnType<CallAs>): Promise<T> {
  const answer = await call;
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.result as T;
}

/** A desktop's replica of one topology: opened from the server, edited offline, synced. */
export class DeskReplica {
  /** The heads the server confirmed last: what this desk sends changes since. */
  private synced: readonly string[] = [];
  replica!: TopologyReplica;

  constructor(
    readonly userId: string,
    readonly call: CallAs,
    readonly topologyId: string,
  ) {}

  async open(): Promise<this> {
    const opened = await expectOk<{ document: string; heads: string[] }>(this.call('openTopologyDocument', { id: this.topologyId }));
    this.replica = TopologyReplica.load(fromBase64(opened.document), this.userId);
    this.synced = opened.heads;
    expect([...this.replica.heads()].sort()).toEqual([...opened.heads].sort());
    return this;
  }

  /** Edits a copy of the topology as the editor does, and saves it into the replica. */
  edit(change: (doc: TopologyDocument) => void): void {
    const doc = this.replica.read();
    change(doc);
    expect(this.replica.apply(doc)).toBe(true);
  }

  /** Sends what the server lacks and takes what it answers. */
  async sync(): Promise<{ revision: number; conflicts: number; heads: string[] }> {
    const changes = this.replica.changesSince(this.synced);
    const answer = await expectOk<{ revision: number; conflicts: number; heads: string[]; changes: string[] }>(
      this.call('syncTopologyDocument', {
        id: this.topologyId,
        heads: [...this.replica.heads()],
        changes: changes.length > 0 ? [toBase64(changes)] : [],
      }),
    );
    for (const change of answer.changes) this.replica.receive(fromBase64(change));
    this.synced = answer.heads;
    return answer;
  }
}

/** Offline edits of three desks: move, add, delete, re-wire, parameters, and one field set by two. */
export function editOffline(alice: DeskReplica, bob: DeskReplica, carol: DeskReplica): void {
  alice.edit((doc) => {
    nodeOf(doc, 'web')!.position = { x: 320, y: 140 };
    nodeOf(doc, 'web')!.label = 'web (alice)';
    doc.nodes.push(node('queue', 1200, { cores: 2 }));
    doc.wires.push({ id: 'w-queue-net', source: { node: 'net', port: 'network_id' }, target: { node: 'queue', port: 'network_id' } });
  });
  alice.edit((doc) => {
    nodeOf(doc, 'db')!.params!.cores = 8;
  });
  bob.edit((doc) => {
    nodeOf(doc, 'web')!.label = 'web (bob)';
    nodeOf(doc, 'web')!.params!.memory_mb = 4096;
    nodeOf(doc, 'db')!.params!.disk_gb = 250;
    doc.nodes = doc.nodes.filter((candidate) => candidate.id !== 'cache');
    doc.wires = doc.wires.filter((wire) => wire.id !== 'w-cache-web');
  });
  carol.edit((doc) => {
    doc.wires.find((wire) => wire.id === 'w-db-net')!.source = { node: 'web', port: 'address' };
    doc.nodes.push(node('monitor', 1500));
    delete nodeOf(doc, 'web')!.params!.tags;
  });
}

/** Every edit of {@link editOffline} is in `doc`. */
export function expectEveryEdit(doc: TopologyDocument): void {
  const web = nodeOf(doc, 'web')!;
  expect(web.position).toEqual({ x: 320, y: 140 });
  expect(['web (alice)', 'web (bob)']).toContain(web.label);
  expect(web.params).toEqual({ cores: 2, memory_mb: 4096 });
  expect(nodeOf(doc, 'db')!.params).toEqual({ cores: 8, disk_gb: 250 });
  expect(nodeOf(doc, 'cache')).toBeUndefined();
  expect(nodeOf(doc, 'queue')).toMatchObject({ params: { cores: 2 } });
  expect(nodeOf(doc, 'monitor')).toBeDefined();
  expect(doc.wires.map((wire) => wire.id).sort()).toEqual(['w-db-net', 'w-queue-net', 'w-web-net']);
  expect(doc.wires.find((wire) => wire.id === 'w-db-net')!.source).toEqual({ node: 'web', port: 'address' });
}
