import type { Migration } from '../migration.js';

/** A version kept free for a schema change released beside cloud accounts; it changes nothing. */
export const migration0027: Migration = {
  version: 27,
  name: 'reserved',
  up() {},
};
