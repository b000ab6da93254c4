import type { Sql } from './sql.js';

/**
 * One numbered schema change of the PostgreSQL store. `up` runs in a transaction together with the
 * row that records its version, so an interrupted upgrade leaves the previous version intact.
 */
export interface PostgresMigration {
  version: number;
  name: string;
  up(sql: Sql): Promise<void>;
}
