import { describe, expect, it } from 'vitest';
import { readRecentFiles, rememberRecentFile } from './recent-files';

const memoryStorage = () => {
  const data = new Map<string, string>();
  return { getItem: (key: string) => data.get(key) ?? null, setItem: (key: string, value: string) => void data.set(key, value) };
};

describe('recent files', () => {
  it('keeps the newest first, once each, at most ten', () => {
    const storage = memoryStorage();
    for (let i = 0; i < 12; i += 1) rememberRecentFile(storage, { name: `f${i}.yaml`, topologyId: `t${i}`, at: `2026-01-${10 + i}` });
    rememberRecentFile(storage, { name: 'f5.yaml', topologyId: 't5', at: 'later' });
    const list = readRecentFiles(storage);
    expect(list).toHaveLength(10);
    expect(list[0]).toEqual({ name: 'f5.yaml', topologyId: 't5', at: 'later' });
    expect(list.filter((entry) => entry.name === 'f5.yaml')).toHaveLength(1);
  });

  it('reads a corrupt entry as an empty list', () => {
    expect(readRecentFiles({ getItem: () => '{not json' })).toEqual([]);
    expect(readRecentFiles({ getItem: () => '[{"name": 3}]' })).toEqual([]);
  });
});
