import { identityServiceSuite } from '../../identity/test-support/identity-service-suite.js';
import { openPostgresStore } from './postgres-store-port.js';
import { useTestDatabases } from './test-support/test-databases.js';

const databases = useTestDatabases();

identityServiceSuite('PostgreSQL', async () => {
  const database = await databases.migrated();
  const store = await openPostgresStore(database.url);
  return {
    store,
    dispose: async () => {
      await store.close();
      await database.drop();
    },
  };
});
