import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../store/store.js';
import { openSqlite } from '../store/sqlite.js';
import { useTestEngine } from '../test-support/test-engine.js';
import { until } from '../test-support/until.js';

const fixture = useTestEngine();

describe("Nimbus' own events", () => {
  it('logs every finished job as nimbus.job.<status> with its kind', async () => {
    const engine = fixture.engine();
    const ok = engine.jobs.start('demo.work', 'Works', async () => 'done');
    const bad = engine.jobs.start('demo.work', 'Breaks', async () => {
      throw new Error('broken on purpose');
    });
    await engine.jobs.settled(ok.id);
    await engine.jobs.settled(bad.id);
    await until(async () => (await engine.events.list()).length === 2, 'both finished jobs are logged as events');
    const events = await engine.events.list();
    expect(events.map((event) => [event.type, event.source, event.payload])).toEqual(
      expect.arrayContaining([
        ['nimbus.job.succeeded', 'nimbus', { jobId: ok.id, kind: 'demo.work', error: null }],
        ['nimbus.job.failed', 'nimbus', { jobId: bad.id, kind: 'demo.work', error: 'Unexpected error: broken on purpose' }],
      ]),
    );
  });

  it('keeps the event log append-only', async () => {
    const engine = fixture.engine();
    await engine.events.route('cli', { type: 'ops.ping' });
    const db = openSqlite(path.join(engine.dataDir, DATABASE_FILE));
    try {
      expect(() => db.prepare('DELETE FROM event_log').run()).toThrow(/append-only/);
      expect(() => db.prepare("UPDATE event_log SET type = 'forged'").run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
    expect(await engine.events.list()).toHaveLength(1);
  });
});
