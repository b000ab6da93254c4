import type { PostgresMigration } from '../migration.js';

/**
 * A schema version held for a change that ships beside approvals (migrations are numbered without
 * gaps); it changes nothing, and the change that takes the number replaces it.
 */
export const migration0011: PostgresMigration = {
  version: 11,
  name: 'reserved-11',
  async up() {
    // Nothing: the number is held.
  },
};
