import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-dir.js';
import { openStore } from './store.js';

const scope = (key: string) => ({ key, serverUrl: 'https://nimbus.example.com', tenant: 't', user: 'u' });

describe('the replica of a shared server in the desktop database', () => {
  it('keeps one answer per scope, method and input, replaces it, and never mixes scopes', async () => {
    const temp = tempDir();
    const store = openStore(temp.dir);
    try {
      const port = store.async.replica;
      await port.put(scope('a'), 'listTopologies', '{}', [{ id: 1 }], '2026-12-06T10:00:00.000Z');
      await port.put(scope('a'), 'listTopologies', '{}', [{ id: 2 }], '2026-12-06T11:00:00.000Z');
      await port.put(scope('b'), 'listTopologies', '{}', [], '2026-12-06T11:00:00.000Z');
      await port.put(scope('a'), 'getTopology', '{"id":"x"}', { id: 'x' }, '2026-12-06T11:00:00.000Z');
      expect(await port.get('a', 'listTopologies', '{}')).toEqual({
        method: 'listTopologies',
        inputKey: '{}',
        answer: [{ id: 2 }],
        fetchedAt: '2026-12-06T11:00:00.000Z',
      });
      expect((await port.get('b', 'listTopologies', '{}'))?.answer).toEqual([]);
      expect(await port.get('c', 'listTopologies', '{}')).toBeUndefined();
      expect(await port.counts('a')).toEqual({ records: 2, byMethod: { listTopologies: 1, getTopology: 1 } });
      expect(await port.keys('a', 'getTopology')).toEqual(['{"id":"x"}']);
      expect(await port.remove('a', 'getTopology', ['{"id":"x"}', '{"id":"gone"}'])).toBe(1);
      expect(await port.counts('b')).toEqual({ records: 1, byMethod: { listTopologies: 1 } });

      // The state: a failure keeps the last good time.
      expect(await port.state('c')).toBeUndefined();
      await port.recordUpdate(scope('a'), { syncedAt: '2026-12-06T12:00:00.000Z', lastError: null, now: '2026-12-06T12:00:00.000Z' });
      await port.recordUpdate(scope('a'), { lastError: { code: 'server_unreachable', message: 'gone' }, now: '2026-12-06T12:05:00.000Z' });
      expect(await port.state('a')).toEqual({
        syncedAt: '2026-12-06T12:00:00.000Z',
        lastError: { code: 'server_unreachable', message: 'gone' },
      });
    } finally {
      store.close();
      temp.remove();
    }
  });
});
