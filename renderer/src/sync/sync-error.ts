import { toApiError } from '../api/api-error';

/** What went wrong with the outbox, in words a person can act on; chosen by the error's code. */
export function describeSyncError(error: unknown): { title: string; message: string; code: string } {
  const apiError = toApiError(error);
  const code = apiError.code;
  switch (code) {
    case 'local_only':
      return {
        title: 'This is the shared server itself',
        message:
          'A shared server has no outbox: changes made here are applied at once. The Sync page shows the waiting changes of a desktop (or nimbus serve) connected to a server.',
        code,
      };
    case 'forbidden':
      return {
        title: 'Not allowed to manage the outbox',
        message: 'The outbox belongs to whoever uses this machine (the profile:manage permission).',
        code,
      };
    case 'not_found':
      return { title: 'The change is gone', message: 'No outbox entry has this id any more; the list is read again.', code };
    case 'outbox_entry_state':
      return {
        title: 'The change has moved on',
        message: 'It was sent, applied or discarded meanwhile; only a waiting change or a dead letter can be retried or discarded.',
        code,
      };
    case 'connection_lost':
      return {
        title: 'Connection to Nimbus lost',
        message: 'The outbox is read again once the connection to this machine’s Nimbus is back.',
        code,
      };
    default:
      return { title: 'The outbox could not be read', message: apiError.message, code };
  }
}
