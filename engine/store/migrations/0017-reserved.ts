import type { Migration } from '../migration.js';

/**
 * A schema version held for a change that ships beside approvals (migrations are numbered without
 * gaps); it changes nothing, and the change that takes the number replaces it.
 */
export const migration0017: Migration = {
  version: 17,
  name: 'reserved-17',
  up() {
    // Nothing: the number is held.
  },
};
