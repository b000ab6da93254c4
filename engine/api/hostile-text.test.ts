import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine.js';
import { tempDir } from '../test-support/temp-dir.js';
import { hostileTextInputs, HOSTILE_TEXTS } from './test-support/hostile-text-inputs.js';

describe('SQL-looking text in every string field, on SQLite', () => {
  it('never fails internally, and the text reads back unchanged', async () => {
    const temp = tempDir();
    const engine = await createEngine({ dataDir: path.join(temp.dir, 'data') });
    try {
      const failures: string[] = [];
      for (const { method, input } of hostileTextInputs()) {
        const outcome = await engine.dispatcher.dispatch(method, input);
        if (!outcome.ok && outcome.error.code === 'internal') failures.push(`${method}: ${outcome.error.message}`);
      }
      expect(failures).toEqual([]);
      const names = (await engine.store.topologies.list()).map((topology) => topology.name);
      for (const text of HOSTILE_TEXTS) expect(names).toContain(text);
      expect(await engine.store.audit.list({ actor: '%' })).toEqual([]);
    } finally {
      await engine.dispose();
      temp.remove();
    }
  });
});
