import { useCallback } from 'react';
import { isApiError } from '../api/api-error';
import { useApi } from '../api/ApiProvider';
import { describeSyncStatus } from './sync-status-text';
import { usePolling } from './use-polling';

/**
 * The status bar's sync item while connected to a shared server: *Synced 14:02*, *Offline — 1 change
 * waiting*, and the dead letters as a warning; a click opens the Sync page. It reads the outbox every
 * few seconds, so going offline and back shows without anyone doing anything.
 */
export function SyncStatusItem({ onOpen }: { onOpen(): void }) {
  const api = useApi();
  const load = useCallback(() => api.syncStatus({}), [api]);
  // A page served by the shared server itself has no outbox (local_only): it stops asking.
  const { value, error } = usePolling(load, true, { stopOn: (failure) => isApiError(failure, 'local_only') });
  const localOnly = isApiError(error, 'local_only');
  // A shared server itself has no outbox (local_only), and a failed read shows nothing rather than a guess.
  if (!value || localOnly) return null;
  const indicator = describeSyncStatus(value);
  if (!indicator) return null;
  return (
    <button
      type="button"
      className={`status-bar__item status-bar__sync status-bar__sync--${indicator.tone}`}
      onClick={onOpen}
      title={`${indicator.description} Open the Sync page.`}
      aria-label={`Sync: ${indicator.label}${indicator.deadLabel ? `, ${indicator.deadLabel}` : ''}. Open the Sync page`}
      data-testid="status-sync"
      data-connection={value.connection}
      data-waiting={value.waiting}
      data-dead={value.dead}
    >
      <span className="status-bar__dot" aria-hidden="true" />
      <span data-testid="status-sync-label">{indicator.label}</span>
      {indicator.deadLabel && (
        <span className="status-bar__sync-dead" data-testid="status-sync-dead">
          ⚠ {indicator.deadLabel}
        </span>
      )}
    </button>
  );
}
