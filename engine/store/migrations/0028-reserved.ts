import type { Migration } from '../migration.js';

/**
 * Reserved: this number belongs to a schema change made alongside landing-zone bootstrap, merged
 * separately. It changes nothing, so the numbering has no gap (migrations run 1..n).
 */
export const migration0028: Migration = {
  version: 28,
  name: 'reserved-28',
  up() {
    // Nothing: the real migration of this number replaces this file when the two are merged.
  },
};
