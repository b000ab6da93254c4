/**
 * How each driver hands back the columns whose storage differs, so one mapper per row serves both
 * stores: SQLite returns JSON documents as text and booleans as 0/1; PostgreSQL returns `jsonb`
 * already parsed and `boolean` as booleans. Every other column (text, numbers, timestamps as ISO
 * strings) arrives the same from both.
 */

/** A JSON column as a driver returns it: text from SQLite, the parsed document from PostgreSQL. */
export type JsonColumn = unknown;

/** A boolean column as a driver returns it: 0/1 from SQLite, a boolean from PostgreSQL. */
export type BoolColumn = number | boolean;

/** Turns a driver's JSON and boolean columns into values; the mappers in this folder take one. */
export interface ColumnDecoder {
  /** A JSON column that always holds a document. */
  json<T>(value: JsonColumn): T;
  /** A JSON column that may be NULL (read as null). */
  jsonOrNull<T>(value: JsonColumn): T | null;
  /** A boolean column. */
  bool(value: BoolColumn): boolean;
}

/** SQLite: JSON stored as text, booleans as 0/1. */
export const sqliteColumns: ColumnDecoder = {
  json: <T>(value: JsonColumn) => JSON.parse(value as string) as T,
  jsonOrNull: <T>(value: JsonColumn) => (value === null || value === undefined || value === '' ? null : (JSON.parse(value as string) as T)),
  bool: (value) => value === 1,
};

/** PostgreSQL: `jsonb` parsed by the driver, `boolean` as booleans. */
export const postgresColumns: ColumnDecoder = {
  json: <T>(value: JsonColumn) => value as T,
  jsonOrNull: <T>(value: JsonColumn) => (value ?? null) as T | null,
  bool: (value) => value === true,
};

/** `map(row)`, or undefined when a lookup found no row. */
export function mapRow<R, T>(row: R | undefined, map: (row: R) => T): T | undefined {
  return row ? map(row) : undefined;
}
