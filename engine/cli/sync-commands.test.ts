import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SERVER_LINK_FILE } from '../server-link/server-link.js';
import { openStore } from '../store/store.js';
import { replicaScope } from '../sync/replica/replica-key.js';
import { useLeakCheck } from '../test-support/leak-check.js';
import { tempDir } from '../test-support/temp-dir.js';
import { captureCli } from './capture-cli.js';
import { runCli } from './main.js';

useLeakCheck();
let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir();
});
afterEach(() => temp.remove());

const cli = (...args: string[]) => captureCli([...args, '--data', temp.dir]);

/** Two changes in the data directory's outbox, as the desktop leaves them: one waiting, one refused by the server. */
function seedOutbox(): { waiting: string; dead: string } {
  const store = openStore(temp.dir);
  try {
    const now = new Date().toISOString();
    const entry = (name: string) =>
      store.outbox.insert({
        id: randomUUID(),
        serverUrl: 'https://nimbus.example.test',
        idempotencyKey: randomUUID(),
        method: 'createTopology',
        input: { name },
        now,
      }).id;
    const dead = entry('refused');
    const waiting = entry('planned');
    store.outbox.markSending(dead, now);
    store.outbox.markDead(dead, { code: 'forbidden', message: 'You lack the permission topology:create' }, true, now);
    return { waiting, dead };
  } finally {
    store.close();
  }
}

/** Values a desktop drew offline: one waiting for the server, one it refused and the node drew again. */
function seedDraws(): void {
  const store = openStore(temp.dir);
  try {
    const draw = (value: string, drawnAt: string) => ({
      id: randomUUID(),
      serverUrl: 'https://nimbus.example.test',
      serverTenant: 'acme',
      lease: 'lease-1',
      environment: 'staging',
      expiresAt: '2026-12-31T00:00:00.000Z',
      kind: 'address' as const,
      pool: 'lab',
      value,
      fqdn: null,
      topology: 'unsaved',
      node: 'web',
      label: 'Web',
      field: 'ip_address',
      owner: 'topology:unsaved/node:web',
      status: 'provisional' as const,
      outcome: null,
      reason: null,
      drawnAt,
      settledAt: null,
    });
    const refused = draw('10.70.0.1', '2026-12-01T00:00:00.000Z');
    store.leaseDraws.insert([refused]);
    store.leaseDraws.settle(refused.id, 'refused', 'refused', '10.70.0.1 is in use by something else now', '2026-12-02T00:00:00.000Z');
    store.leaseDraws.insert([draw('10.70.0.3', '2026-12-03T00:00:00.000Z')]);
  } finally {
    store.close();
  }
}

describe('nimbus sync', () => {
  it('shows the values drawn offline that wait for the server, and those it refused with why and what replaced them', async () => {
    seedDraws();
    const status = await cli('sync', 'status');
    expect(status.code).toBe(0);
    expect(status.out).toContain('Provisional: 1 value drawn offline wait for the server; 1 refused (resolved again):');
    expect(status.out).toMatch(/staging +Web +ip_address +10\.70\.0\.1 +10\.70\.0\.3 +10\.70\.0\.1 is in use by something else now/);
    const json = JSON.parse((await cli('sync', 'status', '--json')).out) as {
      provisional: { status: string; replacedBy: string | null }[];
    };
    expect(json.provisional).toEqual([
      expect.objectContaining({ status: 'provisional', replacedBy: null }),
      expect.objectContaining({ status: 'refused', replacedBy: '10.70.0.3' }),
    ]);
  });

  it('shows an empty outbox of a machine that is not connected', async () => {
    const status = await cli('sync', 'status', '--json');
    expect(status.code).toBe(0);
    expect(JSON.parse(status.out)).toMatchObject({ connection: 'local', serverUrl: null, waiting: 0, dead: 0, entries: [] });
    expect((await cli('sync', 'status')).out).toMatch(/Connection: +not connected to a server/);
  });

  it('counts the shared topologies with edits waiting', async () => {
    const store = openStore(temp.dir);
    const server = { url: 'https://nimbus.example.test/', tenant: 'acme' };
    const now = new Date().toISOString();
    const replica = { server, name: 'lab', document: new Uint8Array([1]), nodeCount: 1, serverHeads: [], nameWaiting: false, revision: 1 };
    const record = { ...replica, onServer: true, lastError: null, createdAt: now, updatedAt: now };
    store.documentReplicas.put({ ...record, topologyId: 't1', waiting: true });
    store.documentReplicas.put({ ...record, topologyId: 't2', waiting: false, onServer: false });
    store.documentReplicas.put({ ...record, topologyId: 't3', waiting: false });
    store.close();
    expect(JSON.parse((await cli('sync', 'status', '--json')).out)).toMatchObject({ documentsWaiting: 2 });
    expect((await cli('sync', 'status')).out).toMatch(/Topologies: +2 shared topologies with edits waiting/);
  });

  it("prints the replica of the saved session's server: what is kept, when, and its last error", async () => {
    const store = openStore(temp.dir);
    try {
      const scope = replicaScope({ url: 'https://nimbus.example.test', tenant: 'acme', user: 'ann' });
      store.replica.put(scope, 'listTopologies', '{}', [], '2026-12-06T10:00:00.000Z');
      store.replica.put(scope, 'getTopology', '{"id":"t1"}', {}, '2026-12-06T10:00:00.000Z');
      store.replica.recordUpdate(scope, { syncedAt: '2026-12-06T10:00:01.000Z', lastError: null, now: '2026-12-06T10:00:01.000Z' });
      store.replica.recordUpdate(scope, { lastError: { code: 'server_unreachable', message: 'gone' }, now: '2026-12-06T10:05:00.000Z' });
      // Another user's answers on the same server are not this session's.
      store.replica.put(replicaScope({ url: 'https://nimbus.example.test', tenant: 'acme', user: 'bob' }), 'listJobs', '{}', [], 'x');
    } finally {
      store.close();
    }
    writeFileSync(
      path.join(temp.dir, SERVER_LINK_FILE),
      JSON.stringify({ url: 'https://nimbus.example.test', user: 'ann', tenant: 'acme', connectedAt: 'x', token: 'secret://none' }),
    );
    const status = await cli('sync', 'status');
    expect(status.out).toMatch(/Replica: +2 answers kept \(1 topology\), synced 2026-12-06T10:00:01.000Z/);
    expect(status.out).toContain('Replica error: server_unreachable: gone');
    expect(JSON.parse((await cli('sync', 'status', '--json')).out)).toMatchObject({ replica: { records: 2, topologies: 1 } });
  });

  it('lists what waits and the dead letters, and retries one', async () => {
    const { waiting, dead } = seedOutbox();
    const status = await cli('sync', 'status');
    expect(status.out).toMatch(/Waiting: +1/);
    expect(status.out).toMatch(/Dead: +1 \(nimbus sync retry ID, or nimbus sync discard ID\)/);
    expect(status.out).toContain(dead);
    expect(status.out).toContain(waiting);
    expect(status.out).toContain('forbidden: You lack the permission topology:create');

    const retried = await cli('sync', 'retry', dead, '--json');
    expect(retried.code).toBe(0);
    expect(JSON.parse(retried.out)).toMatchObject({ id: dead, status: 'waiting', attempts: 0 });
    expect(JSON.parse((await cli('sync', 'status', '--json')).out)).toMatchObject({ waiting: 2, dead: 0 });

    const unknown = await cli('sync', 'retry', 'no-such-entry');
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toMatch(/No outbox entry has the id "no-such-entry"/);
    expect((await cli('sync', 'retry')).err).toMatch(/missing the outbox entry ID/);
  });

  it('discards only after confirmation, saying what is lost', async () => {
    const { dead } = seedOutbox();
    // Nobody to ask: refused, nothing changed.
    const unasked = await cli('sync', 'discard', dead);
    expect(unasked.code).not.toBe(0);
    expect(unasked.err).toMatch(/--yes/);

    const questions: string[] = [];
    let out = '';
    const declined = await runCli(['sync', 'discard', dead, '--data', temp.dir], {
      out: (text) => (out += text),
      err: () => undefined,
      confirm: (question) => {
        questions.push(question);
        return Promise.resolve(false);
      },
    });
    expect(declined).toBe(1);
    expect(out).toBe('Nothing was discarded.\n');
    expect(questions[0]).toMatch(/Discard createTopology .*The server never receives this change/);
    expect(JSON.parse((await cli('sync', 'status', '--json')).out)).toMatchObject({ dead: 1, discarded: 0 });

    const discarded = await cli('sync', 'discard', dead, '--yes', '--json');
    expect(discarded.code).toBe(0);
    expect(JSON.parse(discarded.out)).toMatchObject({ id: dead, status: 'discarded' });
    expect(JSON.parse((await cli('sync', 'status', '--json')).out)).toMatchObject({ dead: 0, discarded: 1 });
    // Kept for the record, and final.
    const again = await cli('sync', 'retry', dead);
    expect(again.err).toMatch(/is discarded; only a dead or waiting entry can be retried/);
    expect((await cli('sync', 'discard', 'no-such-entry', '--yes')).err).toMatch(/No outbox entry has the id "no-such-entry"/);
  });

  it('queues only work the server does, only for a server, and says what is wrong with the input', async () => {
    expect(await cli('sync', 'queue', 'listJobs')).toMatchObject({
      code: 2,
      err: expect.stringContaining('Only work the server does can wait for it'),
    });
    expect(await cli('sync', 'queue', 'startTopologyDestroy', '--input', '{bad')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--input must be a JSON object'),
    });
    const unconnected = await cli('sync', 'queue', 'startTopologyDestroy', '--input', '{"environment":"dev","topology":"web"}');
    expect(unconnected.code).not.toBe(0);
    expect(unconnected.err).toContain('Connect to a shared Nimbus server first');
  });
});
