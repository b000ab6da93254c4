import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostileTextInputs, HOSTILE_TEXTS } from '../../api/test-support/hostile-text-inputs.js';
import { createEngine } from '../../engine.js';
import { tempDir } from '../../test-support/temp-dir.js';
import { openPostgresStore } from './postgres-store-port.js';
import { useTestDatabases } from './test-support/test-databases.js';

const databases = useTestDatabases();

describe('SQL-looking text in every string field, on PostgreSQL', () => {
  it('is stored and refused as text: no method fails internally, every table survives, the text reads back unchanged', async () => {
    const database = await databases.migrated();
    const temp = tempDir();
    const engine = await createEngine({
      dataDir: path.join(temp.dir, 'data'),
      secretKey: () => 'cd'.repeat(32),
      store: await openPostgresStore(database.url),
    });
    try {
      await engine.ready;
      const inputs = hostileTextInputs();
      const failures: string[] = [];
      const accepted = new Set<string>();
      for (const { method, input } of inputs) {
        const outcome = await engine.dispatcher.dispatch(method, input);
        if (outcome.ok) accepted.add(method);
        else if (outcome.error.code === 'internal') failures.push(`${method}: ${outcome.error.message}`);
      }
      expect(failures).toEqual([]);
      // Enough of the sweep got past validation to reach the store (not only the validators).
      expect([...accepted]).toEqual(expect.arrayContaining(['createTopology', 'listAuditEntries', 'listDeployments']));

      const topologies = await engine.store.topologies.list();
      for (const text of HOSTILE_TEXTS) expect(topologies.map((topology) => topology.name)).toContain(text);
      const audit = await engine.store.audit.list({ action: 'topology.create' });
      expect(audit.length).toBeGreaterThanOrEqual(HOSTILE_TEXTS.length);
      // An audit filter with LIKE wildcards matches literally, not as a pattern.
      expect(await engine.store.audit.list({ actor: '%' })).toEqual([]);
    } finally {
      await engine.dispose();
      temp.remove();
      await database.drop();
    }
  });
});
