import type { PostgresMigration } from '../migration.js';

/**
 * Versions 16 to 18 belong to schema changes developed beside cost estimates; until they are merged
 * these keep the numbering without gaps. The merge replaces them with the real migrations.
 */
export const reservedPostgresMigrations: PostgresMigration[] = [16, 17, 18].map((version) => ({
  version,
  name: 'reserved',
  up: async () => undefined,
}));
