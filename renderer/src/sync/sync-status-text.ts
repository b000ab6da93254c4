import type { SyncStatus } from '../../../engine/api/contract';

/** How the status bar shows the outbox: its words, a tone, and whether dead letters need a look. */
export interface SyncIndicator {
  label: string;
  tone: 'ok' | 'busy' | 'down';
  /** "2 dead letters", shown as a warning beside the label; null when there are none. */
  deadLabel: string | null;
  /** The longer explanation for the tooltip and screen readers. */
  description: string;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** "14:02" for a sync today, "Dec 3, 14:02" for an older one. */
export function formatSyncTime(iso: string, now: Date = new Date()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const sameDay = at.toDateString() === now.toDateString();
  return sameDay
    ? at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : at.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** When this desktop last heard everything from the server: its last sent change or replica update, the later. */
export function lastSyncedAt(status: SyncStatus): string | null {
  const times = [status.lastSyncAt, status.replica?.syncedAt ?? null].filter((time): time is string => time !== null);
  if (times.length === 0) return null;
  return times.reduce((latest, time) => (Date.parse(time) > Date.parse(latest) ? time : latest));
}

/**
 * The hint pages show while offline and answered from the desktop's replica: what they show is
 * what was kept at the replica's last update, read-only. Null while online, local, or with nothing kept.
 */
export function describeOfflineReplica(status: SyncStatus, now: Date = new Date()): string | null {
  if (status.connection !== 'offline' || !status.replica || status.replica.records === 0) return null;
  const at = status.replica.syncedAt ? ` (synced ${formatSyncTime(status.replica.syncedAt, now)})` : '';
  return `Offline — showing what this desktop kept${at}. Read-only until the server answers.`;
}

/**
 * The words of the status bar's sync item, or null while the app works locally (sync applies only to
 * a shared server): *Synced · 14:02* (the later of the last sent change and the replica's last update),
 * *Offline — 1 change waiting*, *2 changes waiting*, and the dead letters.
 */
export function describeSyncStatus(status: SyncStatus, now: Date = new Date()): SyncIndicator | null {
  if (status.connection === 'local') return null;
  // Queued server changes and shared topologies with unsent edits both wait for the server.
  const count = status.waiting + (status.documentsWaiting ?? 0);
  const waiting = plural(count, 'change waiting', 'changes waiting');
  const deadLabel = status.dead > 0 ? plural(status.dead, 'dead letter', 'dead letters') : null;
  const server = status.serverUrl ?? 'the server';
  const deadNote = deadLabel ? ` ${deadLabel}: changes the server refused; open the Sync page to retry or discard them.` : '';
  switch (status.connection) {
    case 'offline':
      return {
        label: count > 0 ? `Offline — ${waiting}` : 'Offline',
        tone: 'down',
        deadLabel,
        description: `${server} cannot be reached. Changes wait on this machine and are sent by themselves when it answers again.${status.replica && status.replica.records > 0 ? ' Pages show what this desktop kept, read-only.' : ''}${deadNote}`,
      };
    case 'signed_out':
      return {
        label: count > 0 ? `Signed out — ${waiting}` : 'Signed out of the server',
        tone: 'down',
        deadLabel,
        description: `${server} no longer accepts this session. Disconnect and connect again in Settings; waiting changes are kept.${deadNote}`,
      };
    case 'online': {
      if (count > 0)
        return { label: waiting, tone: 'busy', deadLabel, description: `Sending the waiting changes to ${server}.${deadNote}` };
      const synced = lastSyncedAt(status);
      const kept = status.replica ? ` This desktop keeps ${status.replica.records} answers of the server for offline browsing.` : '';
      return {
        label: synced ? `Synced · ${formatSyncTime(synced, now)}` : 'Synced',
        tone: 'ok',
        deadLabel,
        description: `${synced ? `Last in sync with ${server} at ${new Date(synced).toLocaleString()}.` : `Nothing waits for ${server}.`}${kept}${deadNote}`,
      };
    }
  }
}
