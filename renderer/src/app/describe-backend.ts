import type { Backend } from '../../../engine/api/contract';

/**
 * "Local · /path/to/data" or the server's address: where the user's work is stored. A shared server
 * that does not know its own public address is named by the address the page was loaded from.
 */
export function describeBackend(backend: Backend, pageOrigin: string = globalThis.location?.origin ?? ''): string {
  if (backend.kind === 'local') return `Local · ${backend.dataDir}`;
  return `Server · ${backend.url || pageOrigin}`;
}

/** "ann @ acme": who is signed in, in which tenant. */
export function describeUser(who: { user: { name: string }; tenant: { name: string } }): string {
  return `${who.user.name} @ ${who.tenant.name}`;
}
