import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NimbusError } from '../errors.js';
import type { CallOptions } from '../remote/server-client.js';
import { openStore, type Store } from '../store/store.js';
import { tempDir } from '../test-support/temp-dir.js';
import { backoffCeiling } from './backoff.js';
import { SyncOutbox, type SyncClock, type SyncConnection } from './sync-outbox.js';

/** A clock the test moves: timers fire only when it advances past them. */
function testClock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let now = start;
  let next = 1;
  const timers = new Map<number, { at: number; work: () => void }>();
  const clock: SyncClock & { advance(ms: number): void; pending(): number[] } = {
    now: () => now,
    setTimeout: (work, ms) => {
      const id = next++;
      timers.set(id, { at: now + ms, work });
      return id;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
    advance(ms) {
      now += ms;
      for (const [id, timer] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (timer.at > now) continue;
        timers.delete(id);
        timer.work();
      }
    },
    pending: () => [...timers.values()].map((timer) => timer.at - now),
  };
  return clock;
}

type Answer = unknown | Error;

/** The server as the outbox sees it, scripted per call: in a unit test of the outbox only. */
function scriptedServer(url = 'https://nimbus.example.test') {
  const calls: { method: string; input: unknown; key: string | undefined }[] = [];
  const script: Answer[] = [];
  let healthy = true;
  const connection: SyncConnection = {
    url,
    client: {
      call: (method, input: unknown, options?: CallOptions) => {
        calls.push({ method, input, key: options?.idempotencyKey });
        const answer = script.length > 0 ? script.shift() : { done: calls.length };
        return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
      },
      healthy: () => Promise.resolve(healthy),
    },
  };
  return {
    connection,
    calls,
    answer: (...answers: Answer[]) => void script.push(...answers),
    setHealthy: (value: boolean) => void (healthy = value),
  };
}

const unreachable = () =>
  new NimbusError('server_unreachable', 'Cannot reach the Nimbus server (connection refused)', { reason: 'ECONNREFUSED' });
const unavailable = () => new NimbusError('service_unavailable', 'The database does not answer');

let temp: ReturnType<typeof tempDir>;
let store: Store;
let outbox: SyncOutbox | undefined;

beforeEach(() => {
  temp = tempDir();
  store = openStore(temp.dir);
});
afterEach(async () => {
  await outbox?.dispose();
  outbox = undefined;
  store.close();
  temp.remove();
});

function make(server: ReturnType<typeof scriptedServer> | undefined, clock = testClock(), random = () => 0.5, policy = {}) {
  outbox = new SyncOutbox({
    outbox: store.async.outbox,
    connection: () => server?.connection,
    clock,
    random,
    policy: { baseMs: 1000, capMs: 60_000, maxAttempts: 4, ...policy },
  });
  return outbox;
}

const topology = (name: string) => ({ name });

describe('the sync outbox', () => {
  it('sends changes in order, each with its own idempotency key, and keeps the answers', async () => {
    const server = scriptedServer();
    const sync = make(server);
    const first = await sync.enqueue('createTopology', topology('a'));
    const second = await sync.enqueue('createTopology', topology('b'));
    await sync.settled();
    expect(server.calls.map((call) => call.input)).toEqual([{ name: 'a' }, { name: 'b' }]);
    expect(server.calls.map((call) => call.key)).toEqual([first.idempotencyKey, second.idempotencyKey]);
    expect(first.idempotencyKey).not.toBe(second.idempotencyKey);
    const applied = await sync.list();
    expect(applied.map((entry) => [entry.status, entry.answer, entry.attempts])).toEqual([
      ['applied', { done: 1 }, 1],
      ['applied', { done: 2 }, 1],
    ]);
    expect(await sync.status()).toMatchObject({ connection: 'online', waiting: 0, dead: 0, applied: 2, lastSyncAt: expect.any(String) });
    // Queued and applied changes are in the audit trail of the data directory.
    expect(store.audit.history('outbox-entry', first.id).map((row) => row.action)).toEqual(['sync.queue']);
  });

  it('checks each change against its method’s schema when it is queued', async () => {
    const sync = make(scriptedServer());
    await expect(sync.enqueue('noSuchMethod', {})).rejects.toMatchObject({ code: 'unknown_method' });
    await expect(sync.enqueue('createTopology', { name: 42 })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(sync.enqueue('createTopology', 'not an object')).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(sync.enqueue('syncNow', {})).rejects.toMatchObject({ code: 'invalid_input' });
    let deep: unknown = {};
    for (let level = 0; level < 5000; level += 1) deep = { deep };
    await expect(sync.enqueue('createTopology', { name: 'x', document: deep })).rejects.toMatchObject({ code: 'too_deeply_nested' });
    const node = { id: 'n1', label: 'big', component: 'vm', position: { x: 0, y: 0 }, params: { blob: 'x'.repeat(2 * 1024 * 1024) } };
    const huge = { name: 'huge', document: { schemaVersion: 1, nodes: [node], wires: [] } };
    await expect(sync.enqueue('createTopology', huge)).rejects.toMatchObject({ code: 'payload_too_large' });
    // The same change, small, is accepted: the refusal above was its size.
    node.params.blob = 'x';
    await expect(sync.enqueue('createTopology', huge)).resolves.toMatchObject({ status: 'waiting' });
    await sync.settled();
    expect(await sync.list()).toHaveLength(1);
    // Not connected: nothing to queue for.
    const local = make(undefined);
    await expect(local.enqueue('createTopology', topology('a'))).rejects.toMatchObject({ code: 'server_only' });
    expect(await local.status()).toMatchObject({ connection: 'local', serverUrl: null });
  });

  it('retries passing trouble after a jittered pause within the backoff bounds, then makes a dead letter', async () => {
    const server = scriptedServer();
    const clock = testClock();
    const draws = [0.9, 0.1, 0.5, 0.7];
    const sync = make(server, clock, () => draws.shift() ?? 0.5);
    server.answer(unavailable(), unavailable(), unavailable(), unavailable());
    const entry = await sync.enqueue('createTopology', topology('a'));
    const later = await sync.enqueue('createTopology', topology('b'));
    for (let attempt = 1; attempt < 4; attempt += 1) {
      await sync.settled();
      const waiting = await sync.get(entry.id);
      expect(waiting).toMatchObject({ status: 'waiting', attempts: attempt, lastError: { code: 'service_unavailable' } });
      const pause = Date.parse(waiting.nextAttemptAt) - clock.now();
      expect(pause).toBeGreaterThanOrEqual(0);
      expect(pause).toBeLessThan(backoffCeiling(attempt, { baseMs: 1000, capMs: 60_000 }));
      expect(pause).toBe(Math.floor([0.9, 0.1, 0.5][attempt - 1]! * backoffCeiling(attempt, { baseMs: 1000, capMs: 60_000 })));
      // The later change waits behind it, not sent before it.
      expect(server.calls.filter((call) => call.key === later.idempotencyKey)).toEqual([]);
      // Not a moment early.
      clock.advance(Math.max(0, pause - 1));
      await sync.settled();
      expect(server.calls).toHaveLength(attempt);
      clock.advance(1);
    }
    await sync.settled();
    expect(await sync.get(entry.id)).toMatchObject({ status: 'dead', attempts: 4, lastError: { code: 'service_unavailable' } });
    // A dead letter holds nothing back: the later change went.
    expect(await sync.get(later.id)).toMatchObject({ status: 'applied' });
    expect(server.calls.filter((call) => call.key === entry.idempotencyKey)).toHaveLength(4);
  });

  it('makes a refusal a dead letter at once; retry sends it again with the same key, discard keeps it for the record', async () => {
    const server = scriptedServer();
    const sync = make(server);
    server.answer(new NimbusError('forbidden', 'You lack the permission topology:create'));
    const refused = await sync.enqueue('createTopology', topology('a'));
    await sync.settled();
    expect(await sync.get(refused.id)).toMatchObject({ status: 'dead', attempts: 1, lastError: { code: 'forbidden' } });
    expect(await sync.status()).toMatchObject({ dead: 1, waiting: 0 });

    const again = await sync.retry(refused.id);
    expect(again.attempts).toBe(0);
    await sync.settled();
    expect(await sync.get(refused.id)).toMatchObject({ status: 'applied', lastError: null });
    expect(server.calls.map((call) => call.key)).toEqual([refused.idempotencyKey, refused.idempotencyKey]);
    await expect(sync.retry(refused.id)).rejects.toMatchObject({ code: 'outbox_entry_state' });
    await expect(sync.discard(refused.id)).rejects.toMatchObject({ code: 'outbox_entry_state' });

    server.answer(new NimbusError('revision_conflict', 'The topology moved on'));
    const conflicting = await sync.enqueue('createTopology', topology('b'));
    await sync.settled();
    expect(await sync.discard(conflicting.id)).toMatchObject({ status: 'discarded' });
    expect(await sync.list({ statuses: ['discarded'] })).toHaveLength(1);
    await expect(sync.retry('no-such-entry')).rejects.toMatchObject({ code: 'not_found' });
    expect(store.audit.history('outbox-entry', refused.id).map((row) => row.action)).toEqual(['sync.queue', 'sync.dead', 'sync.retry']);
    expect(store.audit.history('outbox-entry', conflicting.id).map((row) => row.action)).toEqual([
      'sync.queue',
      'sync.dead',
      'sync.discard',
    ]);
  });

  it('goes offline without spending attempts, probes the server with backoff, and drains by itself once it answers', async () => {
    const server = scriptedServer();
    const clock = testClock();
    const sync = make(server, clock, () => 0.999);
    server.answer(unreachable());
    server.setHealthy(false);
    const entry = await sync.enqueue('createTopology', topology('a'));
    await sync.settled();
    expect(await sync.status()).toMatchObject({ connection: 'offline', waiting: 1, lastError: { code: 'server_unreachable' } });
    expect(await sync.get(entry.id)).toMatchObject({ status: 'waiting', attempts: 0 });
    // Hours offline: probes only, never the change, never a dead letter.
    for (let step = 0; step < 40; step += 1) {
      clock.advance(30_000);
      await sync.settled();
    }
    expect(server.calls).toHaveLength(1);
    expect(clock.pending().every((ms) => ms <= 30_000)).toBe(true);
    server.setHealthy(true);
    clock.advance(30_000);
    await sync.settled();
    expect(await sync.get(entry.id)).toMatchObject({ status: 'applied', attempts: 1 });
    expect(await sync.status()).toMatchObject({ connection: 'online', waiting: 0 });
  });

  it('asks the server once whether it answers before it reports being online', async () => {
    const server = scriptedServer();
    server.setHealthy(false);
    expect(await make(server).status()).toMatchObject({ connection: 'offline', serverUrl: server.connection.url });
    await outbox?.dispose();
    server.setHealthy(true);
    expect(await make(server).status()).toMatchObject({ connection: 'online' });
    expect(server.calls).toEqual([]);
  });

  it('notices, with nothing waiting, a server that went away and came back, asking at most every 10 s', async () => {
    const server = scriptedServer();
    const clock = testClock();
    const box = make(server, clock);
    expect(await box.status()).toMatchObject({ connection: 'online' });
    server.setHealthy(false);
    // Asked again only once its last answer is 10 s old.
    expect(await box.status()).toMatchObject({ connection: 'online' });
    clock.advance(10_000);
    expect(await box.status()).toMatchObject({ connection: 'offline', waiting: 0 });
    server.setHealthy(true);
    clock.advance(10_000);
    expect(await box.status()).toMatchObject({ connection: 'online' });
  });

  it('sends again, with the same key, what a stopped process left sending', async () => {
    const server = scriptedServer();
    const first = make(server);
    server.answer(unreachable());
    server.setHealthy(false);
    const entry = await first.enqueue('createTopology', topology('a'));
    await first.settled();
    // As a process that died mid-send leaves it.
    expect(await store.async.outbox.markSending(entry.id, new Date().toISOString())).toBe(true);
    await first.dispose();
    server.setHealthy(true);
    const second = make(server);
    await second.start();
    await second.settled();
    expect(await second.get(entry.id)).toMatchObject({ status: 'applied' });
    expect(server.calls.map((call) => call.key)).toEqual([entry.idempotencyKey, entry.idempotencyKey]);
  });

  it('sends now what waits for its pause when asked (sync now)', async () => {
    const server = scriptedServer();
    const clock = testClock();
    const sync = make(server, clock, () => 0.99, { capMs: 600_000, baseMs: 300_000 });
    server.answer(unavailable());
    const entry = await sync.enqueue('createTopology', topology('a'));
    await sync.settled();
    expect(await sync.get(entry.id)).toMatchObject({ status: 'waiting', attempts: 1 });
    const status = await sync.syncNow();
    expect(status).toMatchObject({ waiting: 0, applied: 1 });
  });
});
