import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApprovalEventNotice, JobEvent, TopologyEventNotice } from '../../../engine/api/contract';
import { ApiError } from './api-error';
import { createWebSocketConnection, type SocketLike } from './websocket-connection';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: unknown[] = [];
  private readonly listeners = new Map<string, ((event: { data: unknown }) => void)[]>();

  addEventListener(type: string, listener: (event: { data: unknown }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.drop();
  }
  open(): void {
    this.readyState = 1;
    this.emit('open', undefined);
  }
  drop(): void {
    this.readyState = 3;
    this.emit('close', undefined);
  }
  reply(message: unknown): void {
    this.emit('message', JSON.stringify(message));
  }
  private emit(type: string, data: unknown): void {
    for (const listener of this.listeners.get(type) ?? []) listener({ data });
  }
}

describe('createWebSocketConnection', () => {
  let sockets: FakeSocket[];
  const latest = (): FakeSocket => {
    const socket = sockets.at(-1);
    if (!socket) throw new Error('no socket was opened');
    return socket;
  };
  const connect = () =>
    createWebSocketConnection({
      url: 'ws://127.0.0.1:1/api/ws',
      createSocket: () => {
        const socket = new FakeSocket();
        sockets.push(socket);
        return socket;
      },
    });

  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends calls made before the socket opens once it does, and pairs replies by id', async () => {
    const connection = connect();
    const pending = connection.api.getSettings({});
    expect(latest().sent).toEqual([]);
    latest().open();
    expect(latest().sent).toEqual([{ type: 'call', id: 1, method: 'getSettings', input: {} }]);
    latest().reply({ type: 'result', id: 1, ok: true, result: { theme: 'dark' } });
    await expect(pending).resolves.toEqual({ theme: 'dark' });
    expect(connection.getState()).toEqual({ status: 'open' });
    connection.dispose();
  });

  it('rejects with an ApiError carrying the engine code, message and details', async () => {
    const connection = connect();
    latest().open();
    const pending = connection.api.saveTopology({ id: 't', expectedRevision: 1, document: { schemaVersion: 1, nodes: [], wires: [] } });
    latest().reply({
      type: 'result',
      id: 1,
      ok: false,
      error: { code: 'revision_conflict', message: 'changed elsewhere', details: { actual: 3 } },
    });
    const error = await pending.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'revision_conflict', message: 'changed elsewhere', details: { actual: 3 } });
    connection.dispose();
  });

  it('fails calls in flight when the socket closes, then reconnects with backoff', async () => {
    const connection = connect();
    latest().open();
    const pending = connection.api.listTopologies({});
    latest().drop();
    await expect(pending).rejects.toMatchObject({ code: 'connection_lost' });
    expect(connection.getState()).toMatchObject({ status: 'reconnecting', attempt: 1 });

    await vi.advanceTimersByTimeAsync(400);
    expect(sockets).toHaveLength(2);
    latest().drop();
    expect(connection.getState()).toMatchObject({ status: 'reconnecting', attempt: 2 });
    await vi.advanceTimersByTimeAsync(700);
    expect(sockets).toHaveLength(3);
    latest().open();
    expect(connection.getState()).toEqual({ status: 'open' });
    connection.dispose();
  });

  it('fails a call that waits too long for the link with a message naming the server', async () => {
    const connection = connect();
    const pending = connection.api.getSystemInfo({});
    const settled = pending.catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(await settled).toMatchObject({ code: 'not_connected', message: expect.stringContaining('ws://127.0.0.1:1/api/ws') });
    connection.dispose();
  });

  it('fans job events out to subscribers until they unsubscribe, ignoring malformed frames', () => {
    const connection = connect();
    latest().open();
    const received: JobEvent[] = [];
    const unsubscribe = connection.api.onJobEvent((event) => received.push(event));
    const event = { jobId: 'j', seq: 1, at: '2026-01-01T00:00:00Z', type: 'job.log', level: 'info', message: 'hi' };
    latest().reply({ type: 'job-event', event });
    latest().reply({ type: 'job-event', event: { nonsense: true } });
    unsubscribe();
    latest().reply({ type: 'job-event', event: { ...event, seq: 2 } });
    expect(received).toEqual([event]);
    connection.dispose();
  });

  it('delivers approval events to subscribers until they unsubscribe, and drops malformed ones', () => {
    const connection = connect();
    latest().open();
    const received: ApprovalEventNotice[] = [];
    const unsubscribe = connection.api.onApprovalEvent?.((event) => received.push(event));
    const event = { type: 'approval.decided', tenant: 't1', requestId: 'r1', status: 'approved', by: 'u2', jobId: 'j1' };
    latest().reply({ type: 'approval-event', event });
    latest().reply({ type: 'approval-event', event: { type: 'approval.decided', status: 'approved' } });
    latest().reply({ type: 'approval-event', event: { ...event, type: 'job.finished' } });
    latest().reply({ type: 'job-event', event });
    unsubscribe?.();
    latest().reply({ type: 'approval-event', event: { ...event, requestId: 'r2' } });
    expect(received).toEqual([event]);
    connection.dispose();
  });

  it('delivers topology notices to subscribers until they unsubscribe, and drops malformed ones', () => {
    const connection = connect();
    latest().open();
    const received: TopologyEventNotice[] = [];
    const unsubscribe = connection.api.onTopologyEvent?.((event) => received.push(event));
    const changed = { type: 'topology.changed', topologyId: 't1', revision: 3, userId: 'u1', userName: 'Ann', at: '2026-12-06T10:00:00Z' };
    const presence = {
      type: 'topology.presence',
      topologyId: 't1',
      userId: 'u2',
      userName: 'Bob',
      selection: ['web'],
      at: '2026-12-06T10:00:01Z',
    };
    latest().reply({ type: 'topology-event', event: changed });
    latest().reply({ type: 'topology-event', event: presence });
    latest().reply({ type: 'topology-event', event: { ...changed, revision: 'three' } });
    latest().reply({ type: 'topology-event', event: { ...presence, selection: 'web' } });
    latest().reply({ type: 'topology-event', event: { ...changed, type: 'approval.decided' } });
    latest().reply({ type: 'approval-event', event: changed });
    unsubscribe?.();
    latest().reply({ type: 'topology-event', event: { ...changed, revision: 4 } });
    expect(received).toEqual([changed, presence]);
    connection.dispose();
  });

  it('rejects everything and stops reconnecting once disposed', async () => {
    const connection = connect();
    const waiting = connection.api.getSettings({}).catch((caught: unknown) => caught);
    connection.dispose();
    expect(await waiting).toMatchObject({ code: 'disposed' });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(sockets).toHaveLength(1);
    expect(connection.getState()).toEqual({ status: 'closed' });
  });
});
