import { describe, expect, it } from 'vitest';
import { rowSecurityWarning } from './role-check.js';
import { databaseUrl, testServerUrl, useTestDatabases } from './test-support/test-databases.js';

const databases = useTestDatabases();

describe('the database role a server connects as', () => {
  it('warns about a superuser, whom row-level security does not bind, and not about a plain owner role', async () => {
    const database = await databases.migrated();
    try {
      expect(await rowSecurityWarning(database.url)).toBeNull();
      const superuser = databaseUrl(testServerUrl(), database.name);
      expect(await rowSecurityWarning(superuser)).toMatch(
        /^the database role \S+ is a superuser, so PostgreSQL's row-level security does not keep tenants apart/,
      );
    } finally {
      await database.drop();
    }
  });
});
