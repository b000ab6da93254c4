import { describe } from 'vitest';
import { storeContract } from '../contract/index.js';
import { tenancyContract } from '../contract/tenancy.contract.js';
import { createPgPool } from './pg.js';
import { openPostgresStore } from './postgres-store-port.js';
import { databaseUrl, testServerUrl, useTestDatabases } from './test-support/test-databases.js';

const databases = useTestDatabases();

storeContract('PostgreSQL', async () => {
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

// The store's own tenant filters, with row-level security out of the way: a superuser passes by every
// policy, so what keeps the tenants apart here is the repositories' SQL alone (each layer holds by itself).
describe('store contract: PostgreSQL as a superuser (no row-level security)', () => {
  tenancyContract(async () => {
    const database = await databases.migrated();
    const superuser = await createPgPool(databaseUrl(testServerUrl(), database.name), { max: 1 });
    const { rows } = await superuser.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = current_user');
    await superuser.end();
    if (!rows[0]?.rolsuper) throw new Error('the test server URL must name a superuser for this test');
    const store = await openPostgresStore(databaseUrl(testServerUrl(), database.name));
    return {
      store,
      dispose: async () => {
        await store.close();
        await database.drop();
      },
    };
  });
});
