import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IdempotencyGuard, inputHash } from '../sync/idempotency-guard.js';
import { useTestServer } from '../test-support/test-server.js';
import { until } from '../test-support/until.js';
import WebSocket from 'ws';
import { WS_PATH } from './ws-protocol.js';

const running = useTestServer();

async function post(method: string, body: unknown, key?: string, extra: Record<string, string> = {}) {
  const response = await fetch(`http://127.0.0.1:${running.server.port}/api/v1/${method}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${running.engine.ownerToken()}`,
      'content-type': 'application/json',
      ...(key === undefined ? {} : { 'idempotency-key': key }),
      ...extra,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    replayed: response.headers.get('idempotent-replayed'),
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as Record<string, unknown> & { code?: string },
  };
}

const topologyCount = async () => (await running.engine.store.topologies.list()).length;

describe('Idempotency-Key on the HTTP API', () => {
  it('runs a call once per key: a repeat gets the first answer, marked replayed', async () => {
    const key = randomUUID();
    const first = await post('createTopology', { name: 'web' }, key);
    expect(first).toMatchObject({ status: 200, replayed: null, body: { name: 'web' } });
    const again = await post('createTopology', { name: 'web' }, key);
    expect(again).toMatchObject({ status: 200, replayed: 'true' });
    expect(again.body).toEqual(first.body);
    // Key order in the JSON text does not make another input.
    expect(await post('createTopology', '{ "name" : "web" }', key)).toMatchObject({ status: 200, replayed: 'true' });
    expect(await topologyCount()).toBe(1);
    // Without a key, or with another, the call runs again.
    await post('createTopology', { name: 'web' });
    await post('createTopology', { name: 'web' }, randomUUID());
    expect(await topologyCount()).toBe(3);
  });

  it('is described in the OpenAPI document', async () => {
    const response = await fetch(`http://127.0.0.1:${running.server.port}/api/v1/openapi.json`, {
      headers: { authorization: `Bearer ${running.engine.ownerToken()}` },
    });
    const document = (await response.json()) as {
      components: { parameters: Record<string, { name: string; in: string }> };
      paths: Record<string, { post?: { parameters?: { $ref: string }[] } }>;
    };
    expect(document.components.parameters.IdempotencyKey).toMatchObject({ name: 'Idempotency-Key', in: 'header' });
    expect(document.paths['/createTopology']?.post?.parameters).toEqual([{ $ref: '#/components/parameters/IdempotencyKey' }]);
  });

  it('refuses a key used again for another input or method, and runs nothing', async () => {
    const key = randomUUID();
    await post('createTopology', { name: 'web' }, key);
    const reused = await post('createTopology', { name: 'db' }, key);
    expect(reused).toMatchObject({ status: 422, body: { code: 'idempotency_key_reused', details: { key } } });
    expect(await post('createIpamPool', { name: 'p', cidr: '10.0.0.0/24' }, key)).toMatchObject({
      status: 422,
      body: { code: 'idempotency_key_reused' },
    });
    expect(await topologyCount()).toBe(1);
    expect(await running.engine.store.ipam.pools()).toEqual([]);
  });

  it('keeps a refusal of the method as its answer, but not an answer that says nothing ran', async () => {
    const key = randomUUID();
    const missing = await post('deleteTopology', { id: 'no-such-topology' }, key);
    expect(missing).toMatchObject({ status: 404, body: { code: 'not_found' } });
    expect(await post('deleteTopology', { id: 'no-such-topology' }, key)).toMatchObject({ status: 404, replayed: 'true' });

    // Malformed input never ran: the key is free for the same call done right.
    const malformed = randomUUID();
    expect(await post('createTopology', { name: 42 }, malformed)).toMatchObject({ status: 400, body: { code: 'invalid_input' } });
    expect(await post('createTopology', { name: 'ok' }, malformed)).toMatchObject({ status: 200, replayed: null });
  });

  it('refuses hostile keys and requests before anything runs', async () => {
    for (const key of ['', 'short', 'x'.repeat(129), 'has space in it', 'clé-clé-clé-clé', '../../etc/passwd']) {
      const answer = await post('createTopology', { name: 'web' }, key);
      expect(answer, JSON.stringify(key)).toMatchObject({ status: 400, body: { code: 'invalid_input' } });
    }
    expect(await post('noSuchMethod', {}, randomUUID())).toMatchObject({ status: 404, body: { code: 'unknown_path' } });
    expect(await post('createTopology', '{not json', randomUUID())).toMatchObject({ status: 400, body: { code: 'invalid_json' } });
    expect(await topologyCount()).toBe(0);
    // A huge input is hashed like any other: once per key.
    const key = randomUUID();
    const big = { name: 'big', document: { schemaVersion: 1, nodes: [], wires: [], frames: [] }, padding: 'x'.repeat(1_000_000) };
    const first = await post('createTopology', big, key);
    expect(first).toMatchObject({ status: 400, body: { code: 'invalid_input' } });
    const fits = {
      name: 'big',
      document: {
        schemaVersion: 1,
        nodes: [{ id: 'n', label: 'n', component: 'vm', position: { x: 0, y: 0 }, params: { blob: 'x'.repeat(1_000_000) } }],
        wires: [],
      },
    };
    expect(await post('createTopology', fits, key)).toMatchObject({ status: 200 });
    expect(await post('createTopology', fits, key)).toMatchObject({ status: 200, replayed: 'true' });
    expect(await topologyCount()).toBe(1);
  });

  it('tells a repeat that arrives while the first still runs to come back, then answers it', async () => {
    const key = randomUUID();
    const guard = running.engine.idempotency;
    const caller = running.engine.owner;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let runs = 0;
    const slow = guard.run(caller, key, 'createTopology', { name: 'web' }, async () => {
      runs += 1;
      await gate;
      return { status: 200, body: { ran: runs } };
    });
    const during = await post('createTopology', { name: 'web' }, key);
    expect(during).toMatchObject({ status: 409, body: { code: 'request_in_progress' } });
    expect(Number(during.retryAfter)).toBeGreaterThanOrEqual(1);
    release();
    expect(await slow).toEqual({ status: 200, body: { ran: 1 }, replayed: false });
    expect(await post('createTopology', { name: 'web' }, key)).toMatchObject({ status: 200, replayed: 'true', body: { ran: 1 } });
    expect(runs).toBe(1);
  });

  it('forgets keys after their time to live, and takes over a claim whose process died', async () => {
    const key = randomUUID();
    await post('createTopology', { name: 'web' }, key);
    const later = new IdempotencyGuard(running.engine.store, { now: () => Date.now() + 25 * 60 * 60 * 1000 });
    expect(await running.engine.idempotency.sweep()).toBe(0);
    expect(await later.sweep()).toBe(1);
    expect(await post('createTopology', { name: 'web' }, key)).toMatchObject({ status: 200, replayed: null });
    expect(await topologyCount()).toBe(2);

    // A claim left in progress (its server died mid-call) holds until its lease ends, then may run.
    const orphan = randomUUID();
    const caller = running.engine.owner;
    await running.engine.store.idempotency.claim({
      actor: caller.id,
      key: orphan,
      method: 'createTopology',
      inputHash: inputHash('createTopology', { name: 'web' }),
      now: new Date().toISOString(),
      claimedUntil: new Date(Date.now() + 60_000).toISOString(),
      token: 'the-dead-run',
    });
    expect(await post('createTopology', { name: 'web' }, orphan)).toMatchObject({ status: 409 });
    const afterLease = new IdempotencyGuard(running.engine.store, { now: () => Date.now() + 61_000 });
    expect(
      await afterLease.run(caller, orphan, 'createTopology', { name: 'web' }, () =>
        Promise.resolve({ status: 200, body: { taken: true } }),
      ),
    ).toMatchObject({ status: 200, replayed: false });
    expect(await post('createTopology', { name: 'web' }, orphan)).toMatchObject({ status: 200, replayed: 'true', body: { taken: true } });
  });

  it('lets only the run holding the claim commit, and never runs again a call that committed before its server died', async () => {
    const caller = running.engine.owner;
    const store = running.engine.store;
    const claim = (key: string, token: string, now = Date.now()) =>
      store.idempotency.claim({
        actor: caller.id,
        key,
        method: 'createTopology',
        inputHash: inputHash('createTopology', { name: 'web' }),
        now: new Date(now).toISOString(),
        claimedUntil: new Date(now + 60_000).toISOString(),
        token,
      });
    const runAs = (key: string, token: string) =>
      running.engine.dispatcher.dispatch('createTopology', { name: 'web' }, { caller, idempotency: { actor: caller.id, key, token } });

    // A run thought dead is taken over; its late write is undone, not added to the new run's.
    const key = randomUUID();
    expect(await claim(key, 'first')).toEqual({ state: 'claimed' });
    expect(await claim(key, 'second', Date.now() + 61_000)).toEqual({ state: 'claimed' });
    expect(await runAs(key, 'first')).toMatchObject({ ok: false, error: { code: 'request_in_progress' } });
    expect(await topologyCount()).toBe(0);
    expect(await runAs(key, 'second')).toMatchObject({ ok: true });
    expect(await topologyCount()).toBe(1);

    // A run that committed and then died without storing its answer is never run again.
    const committed = randomUUID();
    expect(await claim(committed, 'only')).toEqual({ state: 'claimed' });
    expect(await runAs(committed, 'only')).toMatchObject({ ok: true });
    expect(await claim(committed, 'late', Date.now() + 61_000)).toEqual({ state: 'unknown' });
    const afterLease = new IdempotencyGuard(store, { now: () => Date.now() + 61_000 });
    await expect(
      afterLease.run(caller, committed, 'createTopology', { name: 'web' }, () => Promise.resolve({ status: 200, body: {} })),
    ).rejects.toMatchObject({ code: 'request_outcome_unknown' });
    expect(await topologyCount()).toBe(2);
  });

  it('honours a key sent with a WebSocket call the same way, across both transports', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${running.server.port}${WS_PATH}`, {
      headers: { authorization: `Bearer ${running.engine.ownerToken()}` },
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const answers = new Map<number, Record<string, unknown>>();
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; id: number };
      if (message.type === 'result') answers.set(message.id, message);
    });
    let next = 0;
    const call = async (method: string, input: unknown, idempotencyKey?: string) => {
      const id = (next += 1);
      ws.send(JSON.stringify({ type: 'call', id, method, input, ...(idempotencyKey === undefined ? {} : { idempotencyKey }) }));
      return until(() => answers.get(id), `the answer to call ${id}`);
    };
    try {
      const key = randomUUID();
      const first = await call('createTopology', { name: 'web' }, key);
      expect(first).toMatchObject({ ok: true, result: { name: 'web' } });
      expect(await call('createTopology', { name: 'web' }, key)).toMatchObject({ ok: true, result: first.result as object });
      expect(await post('createTopology', { name: 'web' }, key)).toMatchObject({
        status: 200,
        replayed: 'true',
        body: first.result as object,
      });
      expect(await call('createTopology', { name: 'db' }, key)).toMatchObject({ ok: false, error: { code: 'idempotency_key_reused' } });
      expect(await call('createTopology', { name: 'web' }, 'bad key')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(await topologyCount()).toBe(1);
    } finally {
      ws.close();
    }
  });
});
