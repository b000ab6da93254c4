import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuditEntry } from '../../../engine/api/contract';
import { ApiError } from '../api/api-error';
import type { AuditQuery } from './audit-filter';
import { AUDIT_EXPORT_PAGE_SIZE, AUDIT_PAGE_SIZE, AuditSession, type AuditApi } from './audit-session';

const entry = (id: number, patch: Partial<AuditEntry> = {}): AuditEntry => ({
  id,
  at: new Date(Date.UTC(2026, 11, 1, 0, 0, id)).toISOString(),
  actor: 'local',
  tenant: 'default',
  action: 'topology.create',
  entity: 'topology',
  entityId: `t${id}`,
  oldValue: null,
  newValue: { name: `n${id}` },
  requestId: `r${id}`,
  clientAddress: '127.0.0.1',
  ...patch,
});

/** An engine stand-in: a log of `count` entries, filtered like the engine (exact fields, `beforeId`, `limit`), newest first. */
class FakeAuditLog implements AuditApi {
  readonly calls: AuditQuery[] = [];
  entries: AuditEntry[];
  /** When set, each call waits for `release()`. */
  held: (() => void)[] | null = null;
  failWith: unknown = null;

  constructor(count: number) {
    this.entries = Array.from({ length: count }, (_, index) => entry(index + 1, { entity: index % 2 ? 'setting' : 'topology' }));
  }

  listAuditEntries = async (query: AuditQuery): Promise<AuditEntry[]> => {
    this.calls.push(query);
    if (this.held) await new Promise<void>((resolve) => this.held?.push(resolve));
    if (this.failWith) throw this.failWith;
    return this.entries
      .filter((row) => (query.entity ? row.entity === query.entity : true))
      .filter((row) => (query.actor ? row.actor === query.actor : true))
      .filter((row) => (query.beforeId ? row.id < query.beforeId : true))
      .sort((a, b) => b.id - a.id)
      .slice(0, query.limit ?? 100);
  };

  release(): void {
    const waiting = this.held ?? [];
    this.held = [];
    for (const resolve of waiting) resolve();
  }
}

afterEach(() => vi.useRealTimers());

describe('AuditSession', () => {
  it('reads the newest page, then older pages with beforeId, and says when the start is reached', async () => {
    const log = new FakeAuditLog(AUDIT_PAGE_SIZE + 30);
    const session = new AuditSession(log, { debounceMs: 0 });
    await session.refresh();
    let snapshot = session.getSnapshot();
    expect(snapshot.entries.map((row) => row.id).slice(0, 2)).toEqual([130, 129]);
    expect(snapshot.entries).toHaveLength(AUDIT_PAGE_SIZE);
    expect(snapshot.reachedEnd).toBe(false);

    await session.loadOlder();
    snapshot = session.getSnapshot();
    expect(log.calls.at(-1)).toEqual({ beforeId: 31, limit: AUDIT_PAGE_SIZE });
    expect(snapshot.entries).toHaveLength(130);
    expect(snapshot.entries.at(-1)?.id).toBe(1);
    expect(new Set(snapshot.entries.map((row) => row.id)).size).toBe(130);
    expect(snapshot.reachedEnd).toBe(true);

    // Nothing more to read: no call.
    const calls = log.calls.length;
    await session.loadOlder();
    expect(log.calls).toHaveLength(calls);
  });

  it('combines the filter fields in one query and keeps what it showed for the filter it read', async () => {
    const log = new FakeAuditLog(6);
    const session = new AuditSession(log, { debounceMs: 0 });
    session.setFilter({ entity: 'setting', actor: 'local' });
    await vi.waitFor(() => expect(session.getSnapshot().loading).toBeNull());
    expect(log.calls.at(-1)).toEqual({ entity: 'setting', actor: 'local', limit: AUDIT_PAGE_SIZE });
    expect(session.getSnapshot().entries.map((row) => row.id)).toEqual([6, 4, 2]);
    expect(session.getSnapshot().shownFilter).toMatchObject({ entity: 'setting', actor: 'local' });
  });

  it('waits for a pause in typing before it reads, and Enter reads at once', async () => {
    vi.useFakeTimers();
    const log = new FakeAuditLog(3);
    const session = new AuditSession(log, { debounceMs: 300 });
    session.setFilter({ entity: 't' });
    session.setFilter({ entity: 'to' });
    session.setFilter({ entity: 'topology' });
    expect(log.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(300);
    expect(log.calls).toEqual([{ entity: 'topology', limit: AUDIT_PAGE_SIZE }]);

    session.setFilter({ actor: 'local' });
    session.setFilter({ actor: 'local' }, { immediate: true });
    expect(log.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(log.calls).toHaveLength(2);
    session.dispose();
  });

  it('drops an answer for a filter no longer shown', async () => {
    const log = new FakeAuditLog(4);
    log.held = [];
    const session = new AuditSession(log, { debounceMs: 0 });
    session.setFilter({ entity: 'topology' });
    session.setFilter({ entity: 'setting' });
    expect(log.held).toHaveLength(2);
    // Both answer; the first (older) one must not win even though it resolves last in the fake's order.
    const [first, second] = log.held;
    second?.();
    await vi.waitFor(() => expect(session.getSnapshot().loading).toBeNull());
    first?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(session.getSnapshot().entries.every((row) => row.entity === 'setting')).toBe(true);
    expect(session.getSnapshot().shownFilter?.entity).toBe('setting');
  });

  it('does not ask with a filter the engine would refuse, and stops a read under way for the previous one', async () => {
    const log = new FakeAuditLog(3);
    log.held = [];
    const session = new AuditSession(log, { debounceMs: 0 });
    session.setFilter({ entity: 'topology' });
    session.setFilter({ from: '2026-12-05', to: '2026-12-01' });
    expect(session.getSnapshot().filterProblem).toContain('after');
    expect(session.getSnapshot().loading).toBeNull();
    log.release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(session.getSnapshot().shownFilter).toBeNull();
    expect(log.calls).toHaveLength(1);
    expect(await session.exportAll()).toBeNull();
  });

  it('keeps a failure for the screen and clears it with the next read that works', async () => {
    const log = new FakeAuditLog(2);
    log.failWith = new ApiError('forbidden', 'no');
    const session = new AuditSession(log, { debounceMs: 0 });
    await session.refresh();
    expect(session.getSnapshot().error).toBeInstanceOf(ApiError);
    expect(session.getSnapshot().shownFilter).toBeNull();
    log.failWith = null;
    await session.refresh();
    expect(session.getSnapshot().error).toBeNull();
    expect(session.getSnapshot().entries).toHaveLength(2);
  });

  it('opens and closes rows', () => {
    const session = new AuditSession(new FakeAuditLog(0));
    session.toggle(3);
    session.toggle(4);
    session.toggle(3);
    expect([...session.getSnapshot().expanded]).toEqual([4]);
  });

  it('exports every matching entry, oldest first, as JSON lines, a thousand at a time', async () => {
    const log = new FakeAuditLog(2 * AUDIT_EXPORT_PAGE_SIZE + 5);
    const session = new AuditSession(log, { debounceMs: 0 });
    session.setFilter({ entity: 'topology' });
    const progress: number[] = [];
    session.subscribe(() => progress.push(session.getSnapshot().export?.read ?? -1));
    const result = await session.exportAll();
    expect(result?.count).toBe(AUDIT_EXPORT_PAGE_SIZE + 3);
    const lines = result?.text.split('\n') ?? [];
    expect(lines.at(-1)).toBe('');
    const ids = lines.slice(0, -1).map((line) => (JSON.parse(line) as AuditEntry).id);
    expect(ids[0]).toBe(1);
    expect(ids.every((id, index) => index === 0 || id > (ids[index - 1] ?? 0))).toBe(true);
    expect(log.calls.filter((call) => call.limit === AUDIT_EXPORT_PAGE_SIZE).every((call) => call.entity === 'topology')).toBe(true);
    expect(progress).toContain(AUDIT_EXPORT_PAGE_SIZE);
    expect(session.getSnapshot().export).toEqual({ read: AUDIT_EXPORT_PAGE_SIZE + 3, running: false, error: null });
  });

  it('exports an empty log as an empty file', async () => {
    const session = new AuditSession(new FakeAuditLog(0));
    expect(await session.exportAll()).toEqual({ text: '', count: 0 });
  });

  it('cancels an export between pages and reads no further', async () => {
    const log = new FakeAuditLog(3 * AUDIT_EXPORT_PAGE_SIZE);
    log.held = [];
    const session = new AuditSession(log, { debounceMs: 0 });
    const exported = session.exportAll();
    expect(session.getSnapshot().export?.running).toBe(true);
    // A second export while one runs is refused.
    expect(await session.exportAll()).toBeNull();
    log.release();
    await vi.waitFor(() => expect(session.getSnapshot().export?.read).toBe(AUDIT_EXPORT_PAGE_SIZE));
    session.cancelExport();
    log.release();
    expect(await exported).toBeNull();
    expect(session.getSnapshot().export).toBeNull();
    expect(log.calls).toHaveLength(2);
  });

  it('reports a failed export and lets it be dismissed', async () => {
    const log = new FakeAuditLog(3);
    log.failWith = new ApiError('connection_lost', 'gone');
    const session = new AuditSession(log);
    expect(await session.exportAll()).toBeNull();
    expect(session.getSnapshot().export).toMatchObject({ running: false, error: expect.any(ApiError) });
    session.dismissExport();
    expect(session.getSnapshot().export).toBeNull();
  });
});
