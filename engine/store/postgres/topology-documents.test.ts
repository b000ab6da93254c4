import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WireError } from '../../api/schemas/jobs.js';
import type { Topology } from '../../api/schemas/topology.js';
import type { TopologyEventNotice } from '../../api/schemas/topology-documents.js';
import { captureCli } from '../../cli/capture-cli.js';
import { startSharedServer, type SharedServer } from '../../cli/server-start.js';
import { WS_PATH } from '../../server/ws-protocol.js';
import { baseTopology, DeskReplica, node, nodeOf, type CallAs } from '../../sync/shared-topology-test-support.js';
import { parseRemoteTopologyEvent } from '../../sync/topology-events.js';
import { until } from '../../test-support/until.js';
import { startServer } from './test-support/server-process.js';
import { useTestDatabases } from './test-support/test-databases.js';

const databases = useTestDatabases();
const PASSWORD_LINE = /One-time password for (\S+) \(shown once, change it after signing in\): (\S+)\n/;
const quietIo = { out: () => undefined, err: () => undefined };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Two servers (engines, job queues, HTTP servers) on one fresh database, and the administrator's password. */
async function twoServers(): Promise<{ first: SharedServer; second: SharedServer; adminPassword: string }> {
  const database = await databases.empty();
  cleanups.push(() => database.drop());
  const init = await captureCli(['server', 'init', '--database', database.url, '--provider', 'acme', '--admin', 'root']);
  const adminPassword = PASSWORD_LINE.exec(init.out)?.[2];
  if (!adminPassword) throw new Error(`server init printed no password: ${init.out}`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nimbus-documents-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const first = await startSharedServer({ database: database.url, dataDir, port: 0, workers: 0 }, quietIo, {});
  cleanups.push(() => first.close());
  const second = await startSharedServer({ database: database.url, dataDir, port: 0, workers: 0 }, quietIo, {});
  cleanups.push(() => second.close());
  return { first, second, adminPassword };
}

/** Calls the HTTP API of `url` with `token`, answering as the dispatcher does. */
const overHttp =
  (url: string, token: string): CallAs =>
  async (method, input) => {
    const response = await fetch(new URL(`api/v1/${method}`, url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(input),
    });
    const body = (await response.json()) as unknown;
    return response.ok ? { ok: true, result: body } : { ok: false, error: body as WireError };
  };

async function must<T>(call: ReturnType<CallAs>): Promise<T> {
  const answer = await call;
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.result as T;
}

async function signIn(url: string, name: string, password: string): Promise<string> {
  const response = await fetch(new URL('api/v1/session', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  return ((await response.json()) as { token: string }).token;
}

/** A WebSocket client of `url` signed in with `token`, and the topology notices it hears. */
async function listen(url: string, token: string): Promise<{ heard: TopologyEventNotice[]; ws: WebSocket }> {
  const ws = new WebSocket(new URL(WS_PATH, url.replace(/^http/, 'ws')), { headers: { authorization: `Bearer ${token}` } });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  cleanups.push(() => ws.close());
  const heard: TopologyEventNotice[] = [];
  ws.on('message', (data: WebSocket.RawData) => {
    const message = JSON.parse(data.toString()) as { type: string; event: TopologyEventNotice };
    if (message.type === 'topology-event') heard.push(message.event);
  });
  return { heard, ws };
}

describe('shared topology documents on the shared server (PostgreSQL)', () => {
  it('keeps every edit of desktops syncing at once through two servers on one database', async () => {
    const { first, second, adminPassword } = await twoServers();
    const token = await signIn(first.url, 'root', adminPassword);
    const servers = [overHttp(first.url, token), overHttp(second.url, token)];
    const topology = await must<Topology>(servers[0]!('createTopology', { name: 'office', document: baseTopology() }));
    const desks = await Promise.all(
      Array.from({ length: 6 }, (_, index) => new DeskReplica(`desk-${index}`, servers[index % 2]!, topology.id).open()),
    );
    for (let round = 0; round < 3; round += 1) {
      desks.forEach((desk, index) =>
        desk.edit((doc) => {
          doc.nodes.push(node(`vm-${index}-${round}`, 100 * index + round));
          nodeOf(doc, 'db')!.params![`disk_${index}`] = round;
        }),
      );
      await Promise.all(desks.map((desk) => desk.sync()));
    }
    // Once more each, one after another, so every desk has what the others sent.
    for (const desk of desks) await desk.sync();
    const expected = desks.flatMap((_, index) => [0, 1, 2].map((round) => `vm-${index}-${round}`)).sort();
    for (const desk of desks) {
      const doc = desk.replica.read();
      expect(
        doc.nodes
          .map((entry) => entry.id)
          .filter((id) => id.startsWith('vm-'))
          .sort(),
      ).toEqual(expected);
      expect(doc).toEqual(desks[0]!.replica.read());
    }
    const record = await must<Topology>(servers[1]!('getTopology', { id: topology.id }));
    expect(record.document).toEqual(desks[0]!.replica.read());
    expect(nodeOf(record.document, 'db')!.params).toMatchObject({ disk_0: 2, disk_5: 2, cores: 4 });
  });

  it('keeps every edit of desktops syncing at once through two operating-system processes', async () => {
    const database = await databases.migrated();
    cleanups.push(() => database.drop());
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nimbus-documents-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    // One after the other: two processes opening the job queue of a fresh database at once can deadlock.
    const processes = [await startServer(database.url, dataDir, 0, 'cd'.repeat(32))];
    processes.push(await startServer(database.url, dataDir, 0, 'cd'.repeat(32)));
    cleanups.push(async () => void (await Promise.all(processes.map((server) => server.stop()))));
    expect(processes[0]!.child.pid).not.toBe(processes[1]!.child.pid);
    const calls: CallAs[] = processes.map(
      (server) => (method, input) =>
        server.call(method, input).then(
          (result) => ({ ok: true as const, result }),
          (error: Error) => ({
            ok: false as const,
            error: { code: error.message.split(':')[0], message: error.message, details: {} } as WireError,
          }),
        ),
    );
    const topology = await must<Topology>(calls[0]!('createTopology', { name: 'office', document: baseTopology() }));
    const desks = await Promise.all(
      Array.from({ length: 8 }, (_, index) => new DeskReplica(`desk-${index}`, calls[index % 2]!, topology.id).open()),
    );
    desks.forEach((desk, index) =>
      desk.edit((doc) => {
        doc.nodes.push(node(`vm-${index}`, 100 * index));
        nodeOf(doc, 'web')!.params![`port_${index}`] = index;
      }),
    );
    await Promise.all(desks.map((desk) => desk.sync()));
    for (const desk of desks) await desk.sync();
    for (const desk of desks) expect(desk.replica.read()).toEqual(desks[0]!.replica.read());
    const record = await must<Topology>(calls[1]!('getTopology', { id: topology.id }));
    expect(
      record.document.nodes
        .map((entry) => entry.id)
        .filter((id) => id.startsWith('vm-'))
        .sort(),
    ).toEqual(desks.map((_, index) => `vm-${index}`).sort());
    expect(record.revision).toBe(1 + desks.length);
  }, 120_000);

  it('lets the WebSocket clients of the tenant on another server hear a change, and nobody of another tenant', async () => {
    const { first, second, adminPassword } = await twoServers();
    const root = await signIn(first.url, 'root', adminPassword);
    const admin = overHttp(first.url, root);
    const blue = await must<{ id: string }>(admin('createTenant', { name: 'blue' }));
    const rita = await must<{ password: string }>(admin('createUser', { name: 'rita', tenant: blue.id, role: 'read-only' }));
    const ritaToken = await signIn(second.url, 'rita', rita.password);
    const ann = await must<{ password: string }>(admin('createUser', { name: 'ann', displayName: 'Ann Lee', role: 'user' }));
    const annToken = await signIn(first.url, 'ann', ann.password);
    const rootListening = await listen(second.url, root);
    const ritaListening = await listen(second.url, ritaToken);

    const topology = await must<Topology>(admin('createTopology', { name: 'office', document: baseTopology() }));
    const desk = await new DeskReplica('ann', overHttp(first.url, annToken), topology.id).open();
    desk.edit((doc) => {
      nodeOf(doc, 'web')!.label = 'web by ann';
    });
    await desk.sync();
    const changed = await until(() => rootListening.heard.find((notice) => notice.type === 'topology.changed'), 'the change is heard');
    expect(changed).toMatchObject({ topologyId: topology.id, revision: 2, userName: 'Ann Lee' });
    await must(overHttp(first.url, annToken)('setTopologyPresence', { id: topology.id, selection: ['web'] }));
    await until(() => rootListening.heard.find((notice) => notice.type === 'topology.presence'), 'the selection is heard');
    // Heard once on the process that did not make it: through the broadcast, not twice.
    expect(rootListening.heard.map((notice) => notice.type)).toEqual(['topology.changed', 'topology.presence']);
    expect(ritaListening.heard).toEqual([]);
  });

  it('drops a broadcast that is not a topology notice', () => {
    expect(parseRemoteTopologyEvent('not json')).toBeNull();
    expect(parseRemoteTopologyEvent(JSON.stringify({ tenant: 'acme' }))).toBeNull();
    expect(parseRemoteTopologyEvent(JSON.stringify({ tenant: 7, notice: { type: 'topology.changed' } }))).toBeNull();
    expect(
      parseRemoteTopologyEvent(
        JSON.stringify({
          tenant: 'acme',
          notice: { type: 'topology.changed', topologyId: 't', revision: 2, userId: null, userName: null, at: 'now' },
        }),
      ),
    ).toMatchObject({ tenant: 'acme' });
  });
});
