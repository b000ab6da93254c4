import { approvalSuite } from '../../approvals/test-support/approval-suite.js';
import { openPostgresStore } from './postgres-store-port.js';
import { useTestDatabases } from './test-support/test-databases.js';

const databases = useTestDatabases();

approvalSuite('PostgreSQL', async () => {
  const database = await databases.migrated();
  const store = await openPostgresStore(database.url);
  return {
    store,
    dispose: async () => {
      await store.close().catch(() => undefined);
      await database.drop();
    },
  };
});
