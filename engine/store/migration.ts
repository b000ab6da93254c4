import type { SqliteDatabase } from './sqlite.js';

/** One numbered schema change; `up` runs inside a transaction with the database's user_version. */
export interface Migration {
  version: number;
  name: string;
  up(db: SqliteDatabase): void;
}
