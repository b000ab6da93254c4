import type { z } from 'zod';
import { ValidationError, type FieldIssue } from '../errors.js';

/** Renders a zod path as `nodes[3].position.x`, the form people read in messages. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`))
    .join('');
}

/** Parses `value` with `schema` or throws a {@link ValidationError} naming every offending field path. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: issue.message,
  }));
  throw new ValidationError(what, issues);
}
