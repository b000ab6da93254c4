import type { PostgresMigration } from '../migration.js';

/**
 * Schema versions 16 to 19 change nothing in this build: they are numbered for schema changes of other
 * features, and migrations run 1..n without gaps. Replaced by those changes where they exist.
 */
export const migrationsGap0016to0019: readonly PostgresMigration[] = [16, 17, 18, 19].map((version) => ({
  version,
  name: `reserved-${version}`,
  up: async () => undefined,
}));
