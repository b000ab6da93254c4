import { toApiError } from '../api/api-error';

export interface ErrorDescription {
  message: string;
  /** Field problems from a validation error, one line each. */
  details: string[];
}

const MAX_LISTED_ISSUES = 5;

/** What a person needs from a failure: the engine's message and, for invalid input, which fields. */
export function describeError(error: unknown): ErrorDescription {
  const apiError = toApiError(error);
  const issues = apiError.issues
    .slice(0, MAX_LISTED_ISSUES)
    .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
  return { message: apiError.message, details: issues.length > 1 ? issues : [] };
}
