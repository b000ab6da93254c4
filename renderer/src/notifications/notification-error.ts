import { toApiError } from '../api/api-error';

/** What went wrong with a notification action, in words a person can act on; chosen by the error's code. */
export function describeNotificationError(error: unknown): { title: string; message: string } {
  const apiError = toApiError(error);
  switch (apiError.code) {
    case 'forbidden':
      return {
        title: 'Not allowed',
        message: `${apiError.message}. Managing notifications needs notification:manage; reading the delivery log needs notification:read.`,
      };
    case 'server_only':
      return { title: 'Needs the shared server', message: apiError.message };
    case 'not_dead_letter':
      return {
        title: 'No longer a dead letter',
        message: `${apiError.message}. Someone else retried or discarded it; the list is read again.`,
      };
    case 'not_found':
      return { title: 'Not found', message: `${apiError.message}. It may have been removed meanwhile.` };
    case 'channel_exists':
      return { title: 'The name is taken', message: apiError.message };
    case 'invalid_channel':
    case 'invalid_subscription':
    case 'invalid_template':
      return { title: 'Refused', message: apiError.message };
    case 'connection_lost':
      return { title: 'Connection to Nimbus lost', message: 'Try again once the connection is back.' };
    default:
      return { title: 'Something went wrong', message: apiError.message };
  }
}

/** The template field an `invalid_template` error is about, from its `details.part`; null for any other error. */
export function templateProblem(error: unknown): { part: 'subject' | 'body' | null; message: string } | null {
  const apiError = toApiError(error);
  if (apiError.code === 'invalid_template') {
    const part = apiError.details['part'];
    return { part: part === 'subject' || part === 'body' ? part : null, message: apiError.message };
  }
  if (apiError.code === 'invalid_input') {
    const issue = apiError.issues[0];
    const part = issue?.path.startsWith('subject') ? 'subject' : issue?.path.startsWith('body') ? 'body' : null;
    return { part, message: issue?.message ?? apiError.message };
  }
  return null;
}
