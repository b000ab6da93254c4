import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NimbusError } from '../errors.js';
import type { LeaseDraw } from '../store/ports/sync-records.js';
import { openStore, type Store } from '../store/store.js';
import { tempDir } from '../test-support/temp-dir.js';
import { nodeOwner, UNSAVED_TOPOLOGY } from './draw-owner.js';
import { drawsOfGoneNodes, releaseGoneDraws } from './draw-release.js';

// The desktop's draws in a real SQLite data directory; the server's two IPAM methods stand in for it
// as this unit sees them (which allocation holds a value, and releasing one).

let dir: ReturnType<typeof tempDir>;
let store: Store;
beforeEach(() => {
  dir = tempDir();
  store = openStore(dir.dir);
});
afterEach(() => {
  store.close();
  dir.remove();
});

let serial = 0;
function draw(topology: string, node: string, kind: 'address' | 'name', value: string, status: LeaseDraw['status']): LeaseDraw {
  serial += 1;
  return {
    id: `draw-${serial}`,
    serverUrl: 'https://nimbus.example.test',
    serverTenant: 'acme',
    lease: 'lease-1',
    environment: 'staging',
    expiresAt: '2026-12-09T00:00:00.000Z',
    kind,
    pool: kind === 'address' ? 'lab' : '',
    value,
    fqdn: null,
    topology,
    node,
    label: node.toUpperCase(),
    field: kind === 'address' ? 'ip_address' : 'name',
    owner: nodeOwner(topology, node),
    status,
    outcome: status === 'provisional' ? null : status,
    reason: null,
    drawnAt: `2026-12-06T12:00:${String(serial).padStart(2, '0')}.000Z`,
    settledAt: null,
  };
}

/** A server holding `held` (value → owner) in pool lab, answering as `fail` says. */
function server(held: Record<string, string>, fail?: NimbusError) {
  const released: string[] = [];
  const client = {
    call: (async (method: string, input: { id?: string }) => {
      if (fail) throw fail;
      if (method === 'listIpamAllocations')
        return Object.entries(held).map(([value, owner]) => ({ id: `alloc-${value}`, poolId: 'pool-lab', kind: 'address', value, owner }));
      released.push(input.id!);
      return {};
    }) as never,
  };
  return { client, released };
}

const ADMIN = ['resolver:config:manage'];

describe('giving back the draws of nodes that are gone', () => {
  it('picks the draws of nodes no longer in a saved topology, or of a gone topology, never of unsaved documents or refused ones', () => {
    const draws = [
      draw('web', 'a1', 'address', '10.0.0.1', 'provisional'),
      draw('web', 'a2', 'address', '10.0.0.2', 'confirmed'),
      draw('web', 'a3', 'address', '10.0.0.3', 'refused'),
      draw('db', 'd1', 'name', 'db-01', 'provisional'),
      draw(UNSAVED_TOPOLOGY, 'u1', 'name', 'u-01', 'provisional'),
    ];
    expect(drawsOfGoneNodes(draws, 'web', new Set(['a1'])).map((each) => each.node)).toEqual(['a2']);
    expect(drawsOfGoneNodes(draws, 'web', new Set()).map((each) => each.node)).toEqual(['a1', 'a2']);
    expect(drawsOfGoneNodes(draws, 'db', undefined).map((each) => each.node)).toEqual(['d1']);
    expect(drawsOfGoneNodes(draws, UNSAVED_TOPOLOGY, new Set())).toEqual([]);
    expect(drawsOfGoneNodes(draws, 'nowhere', undefined)).toEqual([]);
  });

  it('forgets provisional draws, releases confirmed addresses still held by the node, and says what stays on the server', async () => {
    const port = store.async.leaseDraws;
    const gone = [
      draw('web', 'a1', 'address', '10.0.0.1', 'provisional'),
      draw('web', 'a2', 'address', '10.0.0.2', 'confirmed'),
      draw('web', 'a3', 'address', '10.0.0.3', 'confirmed'),
      draw('web', 'a2', 'name', 'web-02', 'confirmed'),
    ];
    const kept = draw('web', 'a4', 'address', '10.0.0.4', 'provisional');
    await port.insert([...gone, kept]);
    // 10.0.0.3 went to something else since: nothing of the node's is left to release.
    const { client, released } = server({ '10.0.0.2': nodeOwner('web', 'a2'), '10.0.0.3': 'deployment:other' });
    const report = await releaseGoneDraws(port, gone, { client, permissions: ADMIN });
    expect(released).toEqual(['alloc-10.0.0.2']);
    expect(report).toEqual({ released: 4, onServer: 1, leftOnServer: [`name web-02 (${nodeOwner('web', 'a2')})`] });
    expect((await port.list()).map((each) => each.id)).toEqual([kept.id]);
  });

  it('offline forgets only provisional draws; without the permission it releases nothing on the server', async () => {
    const port = store.async.leaseDraws;
    const gone = [draw('web', 'a1', 'address', '10.0.0.1', 'provisional'), draw('web', 'a2', 'address', '10.0.0.2', 'confirmed')];
    await port.insert(gone);
    expect(await releaseGoneDraws(port, gone)).toEqual({ released: 1, onServer: 0, leftOnServer: [] });
    expect((await port.list()).map((each) => each.status)).toEqual(['confirmed']);

    const { client, released } = server({ '10.0.0.2': nodeOwner('web', 'a2') });
    const report = await releaseGoneDraws(port, gone, { client, permissions: ['sync:lease:manage'] });
    expect(released).toEqual([]);
    expect(report.leftOnServer).toEqual([`address 10.0.0.2 (${nodeOwner('web', 'a2')})`]);
  });

  it('keeps a confirmed draw while the server cannot be reached, and never forgets a draw settled meanwhile', async () => {
    const port = store.async.leaseDraws;
    const confirmed = draw('web', 'a2', 'address', '10.0.0.2', 'confirmed');
    const provisional = draw('web', 'a1', 'address', '10.0.0.1', 'provisional');
    await port.insert([confirmed, provisional]);
    const away = server({}, new NimbusError('server_unreachable', 'gone'));
    await expect(releaseGoneDraws(port, [confirmed], { client: away.client, permissions: ADMIN })).rejects.toMatchObject({
      code: 'server_unreachable',
    });
    expect(await port.list()).toHaveLength(2);
    // Confirmed by the server after it was picked as provisional: it stays, to be released as confirmed.
    await port.settle(provisional.id, 'confirmed', 'confirmed', null, new Date().toISOString());
    expect(await releaseGoneDraws(port, [provisional])).toEqual({ released: 0, onServer: 0, leftOnServer: [] });
    expect(await port.remove([], 'provisional')).toBe(0);
    expect(await port.list()).toHaveLength(2);
  });
});
