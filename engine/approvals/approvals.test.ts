import path from 'node:path';
import { openStore } from '../store/store.js';
import { tempDir } from '../test-support/temp-dir.js';
import { approvalSuite } from './test-support/approval-suite.js';

approvalSuite('SQLite', async () => {
  const temp = tempDir();
  const store = openStore(path.join(temp.dir, 'db')).async;
  return {
    store,
    dispose: async () => {
      await store.close().catch(() => undefined);
      temp.remove();
    },
  };
});
