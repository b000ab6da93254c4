import type { Migration } from '../migration.js';

/** Version 23 belongs to the desktop's replica of the server's answers; its table arrives with it. */
export const migration0023: Migration = { version: 23, name: 'replica-answers', up: () => undefined };
