import { toApiError } from '../api/api-error';

/** What went wrong reading the audit log, in words a person can act on; chosen by the error's code. */
export function describeAuditError(error: unknown): { title: string; message: string } {
  const apiError = toApiError(error);
  switch (apiError.code) {
    case 'forbidden':
      return {
        title: 'Not allowed to read the audit log',
        message: 'Reading the audit log needs the audit:read permission. Ask an administrator for a role that grants it.',
      };
    case 'connection_lost':
      return {
        title: 'Connection to Nimbus lost',
        message: 'The audit log will be read again once you retry after the connection is back.',
      };
    case 'invalid_input': {
      const issues = apiError.issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
      return { title: 'The filter was refused', message: issues.length > 0 ? issues.join('; ') : apiError.message };
    }
    default:
      return { title: 'Could not read the audit log', message: apiError.message };
  }
}
