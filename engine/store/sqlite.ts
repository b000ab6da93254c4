/**
 * The only module that imports better-sqlite3, so the driver can be upgraded or replaced in one place.
 */
import BetterSqlite3 from 'better-sqlite3';

export type SqliteDatabase = BetterSqlite3.Database;
export type SqliteStatement<P extends unknown[] = unknown[], R = unknown> = BetterSqlite3.Statement<P, R>;

/** Opens (creating if needed) a database file with the pragmas every Nimbus database uses. */
export function openSqlite(file: string): SqliteDatabase {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // FULL for every table: the journal and allocation tables need it and the rest gain little from NORMAL.
  db.pragma('synchronous = FULL');
  return db;
}

/** Opens an existing database file with no pragmas (a backup's snapshot, checked or converted as it is). */
export function openSqliteFile(file: string, options: { readonly: boolean }): SqliteDatabase {
  return new BetterSqlite3(file, { readonly: options.readonly, fileMustExist: true });
}
