/**
 * Rows a person edits in a form table (rules, default parameters): each carries a key of its own, so
 * React keeps its inputs in place when rows before it are removed.
 */

let nextKey = 1;

/** A fresh key for a new row. */
export function rowKey(): number {
  return nextKey++;
}

/** The rows with the one of `key` changed. */
export function replaceRow<Row extends { key: number }>(rows: readonly Row[], key: number, change: Partial<Row>): Row[] {
  return rows.map((row) => (row.key === key ? { ...row, ...change } : row));
}

/** The rows without the one of `key`. */
export function withoutRow<Row extends { key: number }>(rows: readonly Row[], key: number): Row[] {
  return rows.filter((row) => row.key !== key);
}
