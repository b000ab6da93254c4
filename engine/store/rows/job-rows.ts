/** The jobs table's rows as both stores read them, and their records. */
import type { Job, JobStatus, WireError } from '../../api/schemas/jobs.js';
import type { ColumnDecoder, JsonColumn } from './decode.js';

/** A row of `jobs`. */
export interface JobRow {
  id: string;
  kind: string;
  title: string;
  status: JobStatus;
  created_at: string;
  finished_at: string | null;
  error: JsonColumn;
  result: JsonColumn;
}

/** The job of a row. */
export const toJob = (row: JobRow, columns: ColumnDecoder): Job => ({
  id: row.id,
  kind: row.kind,
  title: row.title,
  status: row.status,
  createdAt: row.created_at,
  finishedAt: row.finished_at,
  error: columns.jsonOrNull<WireError>(row.error),
  result: columns.jsonOrNull<unknown>(row.result),
});
