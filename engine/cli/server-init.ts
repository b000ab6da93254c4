/**
 * `nimbus server init --database URL [--provider NAME] [--admin NAME]`: prepares a PostgreSQL
 * database for the shared server. It creates or migrates the schema (a database a newer Nimbus
 * migrated is refused, unchanged) and, the first time, creates the provider tenant and its first
 * administrator, printing a one-time password. Run again (after an upgrade, or by a second
 * administrator at the same moment) it only migrates and says the server is already set up.
 */
import { IdentityError, IdentityService } from '../identity/identity-service.js';
import { openPostgresStore } from '../store/postgres/postgres-store-port.js';
import { UsageError, type Io } from './usage-error.js';

/** What `server init` was given on the command line. */
export interface ServerInitOptions {
  database?: string;
  provider?: string;
  admin?: string;
}

/** Runs `server init`; resolves to the exit code. */
export async function serverInit(options: ServerInitOptions, io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const url = options.database ?? env.NIMBUS_DATABASE_URL;
  if (!url)
    throw new UsageError('--database URL is required (or set NIMBUS_DATABASE_URL), e.g. postgresql://nimbus:secret@localhost:5432/nimbus');
  if (!/^postgres(ql)?:\/\//.test(url)) throw new UsageError('--database must be a postgresql:// URL');
  const store = await openPostgresStore(url, { actor: 'server-init' });
  try {
    const identity = new IdentityService(store);
    try {
      const made = await identity.bootstrap({ provider: options.provider ?? 'provider', admin: options.admin ?? 'admin' });
      io.out(`Database ready (schema version ${store.schemaVersion}).\n`);
      io.out(`Created the provider tenant ${made.tenant.name} and its administrator ${made.user.name}.\n`);
      io.out(`One-time password for ${made.user.name} (shown once, change it after signing in): ${made.password}\n`);
      return 0;
    } catch (error) {
      if (!(error instanceof IdentityError) || error.code !== 'already_initialised') throw error;
      io.out(`Database ready (schema version ${store.schemaVersion}). This server already has users: nothing else to do.\n`);
      return 0;
    }
  } finally {
    await store.close();
  }
}
