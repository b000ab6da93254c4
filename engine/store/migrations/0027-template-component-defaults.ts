import type { Migration } from '../migration.js';

/**
 * Default parameters for a template's mandatory components (`component_defaults`: component name →
 * parameter → JSON value), so an environment created from the template deploys them configured.
 * Existing templates get none.
 */
export const migration0027: Migration = {
  version: 27,
  name: 'template-component-defaults',
  up(db) {
    db.exec(`ALTER TABLE environment_templates ADD COLUMN component_defaults TEXT NOT NULL DEFAULT '{}';`);
  },
};
