import type { PostgresMigration } from '../migration.js';

/** A version kept free for a schema change released beside cloud accounts; it changes nothing. */
export const migration0016: PostgresMigration = {
  version: 16,
  name: 'reserved',
  async up() {},
};
