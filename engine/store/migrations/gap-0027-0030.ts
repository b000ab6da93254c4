import type { Migration } from '../migration.js';

/**
 * Schema versions 27 to 30 change nothing in this build: they are numbered for schema changes of other
 * features, and migrations run 1..n without gaps. Replaced by those changes where they exist.
 */
export const migrationsGap0027to0030: readonly Migration[] = [27, 28, 29, 30].map((version) => ({
  version,
  name: `reserved-${version}`,
  up: () => undefined,
}));
