import type { Backend } from '../../../engine/api/contract';

/** "Local · /path/to/data" or the server's address: where the user's work is stored. */
export function describeBackend(backend: Backend): string {
  return backend.kind === 'local' ? `Local · ${backend.dataDir}` : backend.url;
}
