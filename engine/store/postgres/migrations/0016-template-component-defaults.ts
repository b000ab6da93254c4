import type { PostgresMigration } from '../migration.js';

/**
 * Default parameters for a template's mandatory components (`component_defaults`: component name →
 * parameter → JSON value), so an environment created from the template deploys them configured.
 * Existing templates get none; the table's row-level security covers the new column as it is.
 */
export const migration0016: PostgresMigration = {
  version: 16,
  name: 'template-component-defaults',
  async up(sql) {
    await sql.run(`ALTER TABLE environment_templates ADD COLUMN component_defaults jsonb NOT NULL DEFAULT '{}'::jsonb`);
  },
};
