import type { Migration } from '../migration.js';

/**
 * Reserved: this number belongs to a schema change made alongside landing-zone bootstrap, merged
 * separately. It changes nothing, so the numbering has no gap (migrations run 1..n).
 */
export const migration0027: Migration = {
  version: 27,
  name: 'reserved-27',
  up() {
    // Nothing: the real migration of this number replaces this file when the two are merged.
  },
};
