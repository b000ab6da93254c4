import type { NimbusApi, SyncStatus } from '../../../engine/api/contract';
import type { Notifier } from '../toasts/ToastProvider';
import { describeSyncError } from './sync-error';

/**
 * Sends the waiting changes now (the Sync page's button and the palette's *Sync now*) and says how it
 * went: synced, still waiting, the server out of reach, or not connected at all. Resolves to the status
 * after the attempt, or null when the call failed (the failure is shown).
 */
export async function runSyncNow(api: NimbusApi, notifier: Notifier): Promise<SyncStatus | null> {
  let status: SyncStatus;
  try {
    status = await api.syncNow({});
  } catch (failure) {
    const problem = describeSyncError(failure);
    notifier.show({ kind: 'error', title: 'Could not sync now', message: `${problem.title}. ${problem.message}` });
    return null;
  }
  const deadNote =
    status.dead > 0 ? ` ${status.dead === 1 ? 'One dead letter needs' : `${status.dead} dead letters need`} a look on the Sync page.` : '';
  if (status.connection === 'local')
    notifier.show({
      kind: 'info',
      title: 'Not connected to a shared server',
      message: 'Sync applies to a shared server: connect in Settings → Connect to a Nimbus server.',
    });
  else if (status.connection === 'offline')
    notifier.show({
      kind: 'info',
      title: 'The server cannot be reached',
      message: `The changes keep waiting and are sent by themselves when it answers.${deadNote}`,
    });
  else if (status.connection === 'signed_out')
    notifier.show({
      kind: 'info',
      title: 'Signed out of the server',
      message: `Disconnect and connect again in Settings; the waiting changes are kept.${deadNote}`,
    });
  else if (status.waiting === 0) notifier.success('Synced', `Nothing waits.${deadNote}`);
  else
    notifier.show({
      kind: 'info',
      title: `${status.waiting} ${status.waiting === 1 ? 'change' : 'changes'} still waiting`,
      message: `They are sent when their pause ends.${deadNote}`,
    });
  return status;
}
