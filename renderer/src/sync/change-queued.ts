import { isApiError } from '../api/api-error';

/** The words the app uses for a change that waits in the outbox because the server cannot be reached. */
export const CHANGE_QUEUED_TITLE = 'Saved; it will be sent when the server is back';

/** The explanation under the title: where to see the change. */
export const CHANGE_QUEUED_MESSAGE =
  'The shared server cannot be reached now, so the change waits on this machine and is sent by itself once the server answers. The Sync page shows it.';

/** Whether a failed call's answer means the change was kept in the outbox (`change_queued`), not lost. */
export function isChangeQueued(error: unknown): boolean {
  return isApiError(error, 'change_queued');
}
