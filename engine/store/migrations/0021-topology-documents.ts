import type { Migration } from '../migration.js';

/** Reserved for the server's store of shared topology documents (changes nothing here). */
export const migration0021: Migration = {
  version: 21,
  name: 'topology-documents',
  up() {
    // Nothing: the server's document store fills this version.
  },
};
