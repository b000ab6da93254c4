/**
 * The contract every store implementation passes: written only against the interfaces in
 * `../ports/`, so one suite checks SQLite (`../sqlite-store-port.test.ts`) and PostgreSQL
 * (`../postgres/postgres-store-port.test.ts`), including units of work running at the same time.
 *
 * An implementation plugs in with one test file that calls {@link storeContract} with a factory
 * opening an empty store at the newest schema and a `dispose` that closes it and removes what it
 * made, e.g. for PostgreSQL:
 *
 * ```ts
 * const databases = useTestDatabases();                  // per file: a migrated template database
 * storeContract('PostgreSQL', async () => {
 *   const database = await databases.migrated();          // a fresh copy of it for this test
 *   const store = await openPostgresStore(database.url);
 *   return { store, dispose: async () => { await store.close(); await database.drop(); } };
 * });
 * ```
 */
import { describe } from 'vitest';
import { auditContract } from './audit.contract.js';
import { catalogContract } from './catalog.contract.js';
import { concurrencyContract } from './concurrency.contract.js';
import { deploymentsContract } from './deployments.contract.js';
import type { StoreFactory } from './harness.js';
import { identityContract } from './identity.contract.js';
import { notificationsContract } from './notifications.contract.js';
import { idempotencyContract } from './idempotency.contract.js';
import { recordsContract } from './records.contract.js';
import { tenancyContract } from './tenancy.contract.js';
import { topologyDocumentsContract } from './topology-documents.contract.js';
import { draftDocumentsContract } from './draft-documents.contract.js';
import { resolversContract } from './resolvers.contract.js';
import { unitOfWorkContract } from './unit-of-work.contract.js';
// Cost estimates.
import { costsContract } from './costs.contract.js';
// Bare metal.
import { bareMetalContract } from './baremetal.contract.js';
// Editing and removing landing zones, environments, templates and pools.
import { landingZoneEditsContract } from './landing-zone-edits.contract.js';
import { cloudAccountsContract } from './cloud-accounts.contract.js';
import { bootstrapContract } from './bootstrap.contract.js';

export type { StoreFactory } from './harness.js';

/** Declares the whole store contract for the implementation `name` opens through `factory`. */
export function storeContract(name: string, factory: StoreFactory): void {
  describe(`store contract: ${name}`, () => {
    unitOfWorkContract(factory);
    concurrencyContract(factory);
    recordsContract(factory);
    catalogContract(factory);
    resolversContract(factory);
    deploymentsContract(factory);
    auditContract(factory);
    identityContract(factory);
    idempotencyContract(factory);
    tenancyContract(factory);
    notificationsContract(factory);
    topologyDocumentsContract(factory);
    draftDocumentsContract(factory);
    // Cost estimates.
    costsContract(factory);
    bareMetalContract(factory);
    landingZoneEditsContract(factory);
    // Cloud accounts: provider credentials per landing zone.
    cloudAccountsContract(factory);
    // Landing-zone bootstrap and environment provisioning.
    bootstrapContract(factory);
  });
}
