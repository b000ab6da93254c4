/**
 * Errors that cross the API as `{ code, message, details }`.
 *
 * Every subsystem throws a subclass of {@link NimbusError} with a stable `code`, so the UI and the CLI
 * can react to the kind of failure without parsing messages, and the message stays something a person
 * can act on.
 */
import type { WireError } from './api/schemas/jobs.js';
import type { ErrorCode } from './common/error-codes.js';
import { excerpt } from './text/excerpt.js';

const MAX_INTERNAL_MESSAGE = 300;
const MAX_MESSAGE = 2000;

export type ErrorDetails = Record<string, unknown>;

/** Base class of every error the engine raises on purpose; `code` is one of the catalogue's (`engine/common/error-codes.ts`). */
export class NimbusError extends Error {
  override name = 'NimbusError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** One field that failed validation, with its path from the root of the checked value. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** Input that does not match a schema; `details.issues` names every offending field path, `context` says which part of a larger value it was. */
export class ValidationError extends NimbusError {
  override name = 'ValidationError';
  constructor(
    what: string,
    readonly issues: FieldIssue[],
    context: ErrorDetails = {},
  ) {
    const first = issues[0];
    const summary = first ? `${first.path || '(root)'}: ${first.message}` : 'invalid';
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super('invalid_input', `Invalid ${what} — ${summary}${more}`, { ...context, issues });
  }
}

/** A referenced entity does not exist (or was deleted). */
export class NotFoundError extends NimbusError {
  override name = 'NotFoundError';
  constructor(entity: string, id: string) {
    super('not_found', `${entity} ${excerpt(id)} does not exist`, { entity, id: excerpt(id, 200) });
  }
}

/** A write based on an outdated revision: somebody saved in between. Nothing was written. */
export class RevisionConflictError extends NimbusError {
  override name = 'RevisionConflictError';
  constructor(entity: string, id: string, expected: number, actual: number) {
    super(
      'revision_conflict',
      `${entity} ${excerpt(id)} was changed elsewhere (you edited revision ${expected}, it is now at ${actual}); reload it and apply your edit again`,
      { entity, id, expected, actual },
    );
  }
}

/** Turns anything thrown into the wire form; unknown failures become `internal` with their message. */
export function toWireError(error: unknown): WireError {
  if (error instanceof NimbusError) {
    // A catch-all behind the excerpt helper: whatever a message quotes, it crosses the API cut short.
    const message =
      error.message.length > MAX_MESSAGE
        ? `${error.message.slice(0, MAX_MESSAGE)}… (message cut at ${MAX_MESSAGE} characters)`
        : error.message;
    return { code: error.code, message, details: shortenStrings(error.details, 0) as ErrorDetails };
  }
  const message = error instanceof Error ? error.message : String(error);
  // An unexpected message may embed any amount of input (a parser quoting it): keep its start only.
  const first = message.split('\n')[0] ?? '';
  return {
    code: 'internal',
    message: `Unexpected error: ${first.length > MAX_INTERNAL_MESSAGE ? `${first.slice(0, MAX_INTERNAL_MESSAGE)}…` : first}`,
    details: {},
  };
}

/** Details keep their shape, but no string in them carries more than a prefix of a huge input. */
function shortenStrings(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return value.length > 500 ? `${value.slice(0, 500)}… (${value.length} characters)` : value;
  if (typeof value !== 'object' || value === null || depth > 6) return value;
  if (Array.isArray(value)) return value.map((item) => shortenStrings(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shortenStrings(item, depth + 1)]));
}
