import { useCallback, useEffect, useState } from 'react';
import type { OutboxEntryView, ProvisionalValue, SyncStatus } from '../../../engine/api/contract';
import { isApiError } from '../api/api-error';
import { useApi } from '../api/ApiProvider';
import { useNotifier } from '../toasts/ToastProvider';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { EmptyState } from '../ui/EmptyState';
import { Icon } from '../ui/Icon';
import { LOG_TIME } from '../ui/time-format';
import { describeChange, type NameLookup } from './describe-change';
import { OutboxTable } from './OutboxTable';
import { ProvisionalValuesTable } from './ProvisionalValuesTable';
import { runSyncNow } from './run-sync-now';
import { describeSyncError } from './sync-error';
import { describeSyncStatus } from './sync-status-text';
import { usePolling } from './use-polling';

interface SyncView {
  status: SyncStatus;
  entries: OutboxEntryView[];
  /** Values drawn offline that wait for the server, and those it refused. */
  provisional: ProvisionalValue[];
}

const CONNECTION_LABEL: Record<SyncStatus['connection'], string> = {
  local: 'Working locally',
  online: 'Online',
  offline: 'Offline',
  signed_out: 'Signed out',
};

/** What discarding an entry loses, said exactly, for the confirmation. */
function discardMessage(entry: OutboxEntryView, names: NameLookup): string {
  const { summary } = describeChange(entry, names);
  const state = entry.status === 'dead' ? 'was refused by the server' : 'has not reached the server yet';
  return `“${summary}” ${state} and will never be sent to ${entry.serverUrl}: the server will not have it, and nothing on this machine sends it again. The entry stays listed as discarded in the outbox and the audit log.`;
}

/** The first pool id of an allocation in `entries` whose name is not known yet. */
function unknownPoolOf(entries: readonly OutboxEntryView[], names: NameLookup): string | undefined {
  for (const entry of entries) {
    if (entry.method !== 'allocateIp' || typeof entry.input !== 'object' || entry.input === null) continue;
    const pool: unknown = Reflect.get(entry.input, 'pool');
    if (typeof pool === 'string' && !names.pools?.has(pool)) return pool;
  }
  return undefined;
}

/**
 * The outbox of changes for the shared server: what waits (and why), the dead letters with the
 * server's error, Retry and Discard per change, and Sync now. Locally it says how to connect.
 */
export function SyncPage({ active, onOpenSettings }: { active: boolean; onOpenSettings(): void }) {
  const api = useApi();
  const notifier = useNotifier();
  const load = useCallback(async (): Promise<SyncView> => {
    const [status, entries, provisional] = await Promise.all([
      api.syncStatus({}),
      api.listOutbox({ status: ['waiting', 'sending', 'dead'] }),
      api.listProvisionalValues({ status: ['provisional', 'refused'] }),
    ]);
    return { status, entries, provisional };
  }, [api]);
  const { value, error, refresh } = usePolling(load, active);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [syncing, setSyncing] = useState(false);
  const [discarding, setDiscarding] = useState<OutboxEntryView | null>(null);
  const [names, setNames] = useState<NameLookup>({});

  // Allocations name their pool by id: while the server answers, learn the pools' names once for each unknown id.
  const unknownPool = value?.status.connection === 'online' ? unknownPoolOf(value.entries, names) : undefined;
  useEffect(() => {
    if (unknownPool === undefined) return;
    let cancelled = false;
    api.listIpamPools({}).then(
      (pools) => {
        if (cancelled) return;
        const known = new Map(pools.map((pool) => [pool.id, pool.name]));
        // An id the server does not list keeps showing as an id, and is not asked for again.
        if (!known.has(unknownPool)) known.set(unknownPool, unknownPool);
        setNames((previous) => ({ pools: new Map([...(previous.pools ?? []), ...known]) }));
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [api, unknownPool]);

  const fail = (title: string, failure: unknown) => {
    const problem = describeSyncError(failure);
    notifier.show({ kind: 'error', title, message: `${problem.title}. ${problem.message}` });
  };

  const act = async (entry: OutboxEntryView, action: 'retry' | 'discard') => {
    setBusyId(entry.id);
    const { summary } = describeChange(entry, names);
    try {
      if (action === 'retry') {
        const after = await api.retryOutboxEntry({ id: entry.id });
        if (after.status === 'applied') notifier.success('Change applied', summary);
        else notifier.show({ kind: 'info', title: 'Sending again', message: summary });
      } else {
        await api.discardOutboxEntry({ id: entry.id });
        notifier.success('Change discarded', `${summary} will not be sent.`);
      }
    } catch (failure) {
      fail(action === 'retry' ? 'Could not retry the change' : 'Could not discard the change', failure);
    } finally {
      setBusyId(null);
      await refresh();
    }
  };

  const syncNow = async () => {
    setSyncing(true);
    try {
      await runSyncNow(api, notifier);
    } finally {
      setSyncing(false);
      await refresh();
    }
  };

  const status = value?.status ?? null;
  const local = status?.connection === 'local' || isApiError(error, 'local_only');
  const waiting = value?.entries.filter((entry) => entry.status !== 'dead') ?? [];
  const dead = value?.entries.filter((entry) => entry.status === 'dead') ?? [];
  const problem = error && !isApiError(error, 'local_only') ? describeSyncError(error) : null;
  const indicator = status ? describeSyncStatus(status) : null;

  let body;
  if (isApiError(error, 'local_only')) {
    body = (
      <EmptyState icon="database" title="This is the shared server" testId="sync-server">
        {describeSyncError(error).message}
      </EmptyState>
    );
  } else if (!value) {
    body = problem ? (
      <EmptyState
        icon="alert"
        title={problem.title}
        testId="sync-error"
        action={
          <button type="button" className="button" onClick={() => void refresh()}>
            Try again
          </button>
        }
      >
        {problem.message}
      </EmptyState>
    ) : (
      <div className="page__loading" role="status" data-testid="sync-loading">
        Reading the outbox…
      </div>
    );
  } else if (local && waiting.length === 0 && dead.length === 0) {
    body = (
      <EmptyState
        icon="refresh"
        title="Sync applies to a shared server"
        testId="sync-local"
        action={
          <button type="button" className="button button--primary" onClick={onOpenSettings} data-testid="sync-open-settings">
            Open Settings
          </button>
        }
      >
        This app works with the data on this machine, so every change is saved at once and nothing waits. Connected to a shared Nimbus
        server (<strong>Settings → Connect to a Nimbus server</strong>: its address, your user name and password), address allocations and
        published versions go through an outbox here: when the server cannot be reached they wait, and are sent by themselves once it
        answers.
      </EmptyState>
    );
  } else {
    body = (
      <>
        {problem && (
          <div className="audit-banner audit-banner--danger" role="alert" data-testid="sync-error-banner">
            <Icon name="alert" size={16} />
            <span className="audit-banner__text">
              <strong>{problem.title}.</strong> {problem.message}
            </span>
          </div>
        )}
        {local && (
          <p className="muted" data-testid="sync-local-note">
            Working locally: these changes wait for the server they were made for, and are sent when the app connects to it again.
          </p>
        )}
        <section className="sync-section" aria-labelledby="sync-waiting-title">
          <h2 id="sync-waiting-title" className="sync-section__title">
            Waiting changes <span className="muted">({waiting.length})</span>
          </h2>
          {waiting.length === 0 ? (
            <p className="muted sync-section__empty" data-testid="sync-nothing-waiting">
              Nothing waiting: every change reached the server.
            </p>
          ) : (
            <OutboxTable
              kind="waiting"
              entries={waiting}
              names={names}
              busyId={busyId}
              onRetry={(entry) => void act(entry, 'retry')}
              onDiscard={setDiscarding}
            />
          )}
        </section>
        <section className="sync-section" aria-labelledby="sync-dead-title">
          <h2 id="sync-dead-title" className="sync-section__title">
            Dead letters <span className="muted">({dead.length})</span>
          </h2>
          {dead.length === 0 ? (
            <p className="muted sync-section__empty" data-testid="sync-no-dead">
              No dead letters: the server refused nothing.
            </p>
          ) : (
            <>
              <p className="muted sync-section__hint">
                The server refused these changes (or they ran out of attempts). Fix the cause — say, ask an administrator to restore a
                permission — then Retry; or Discard what is no longer wanted.
              </p>
              <OutboxTable
                kind="dead"
                entries={dead}
                names={names}
                busyId={busyId}
                onRetry={(entry) => void act(entry, 'retry')}
                onDiscard={setDiscarding}
              />
            </>
          )}
        </section>
        {value.provisional.length > 0 && (
          <section className="sync-section" aria-labelledby="sync-provisional-title" data-testid="sync-provisional">
            <h2 id="sync-provisional-title" className="sync-section__title">
              Values drawn offline <span className="muted">({value.provisional.length})</span>
            </h2>
            <p className="muted sync-section__hint">
              Addresses and names planned offline from this desktop’s leases. Each is confirmed with the server once it answers; one the
              server refused (its lease ended and something else took it) is resolved again, and shows why.
            </p>
            <ProvisionalValuesTable values={value.provisional} />
          </section>
        )}
      </>
    );
  }

  return (
    <div className="page page--scroll sync-page" hidden={!active} data-testid="sync-page">
      <div className="page__content page__content--wide">
        <header className="page__header">
          <div>
            <h1 className="page__title">Sync</h1>
            <p className="page__subtitle">Changes on their way to the shared server: what waits, what the server refused, and why.</p>
          </div>
          <div className="audit-page__actions">
            <button
              type="button"
              className="button button--small"
              onClick={() => void syncNow()}
              disabled={syncing || !status || local}
              title={
                local ? 'Connect to a shared server first (Settings)' : 'Send the waiting changes now, without waiting for their pauses'
              }
              data-testid="sync-now"
            >
              <Icon name="refresh" size={14} />
              {syncing ? 'Syncing…' : 'Sync now'}
            </button>
          </div>
        </header>
        {status && !local && (
          <dl className="sync-summary" data-testid="sync-summary" data-connection={status.connection}>
            <div>
              <dt>Server</dt>
              <dd className="mono">{status.serverUrl ?? '—'}</dd>
            </div>
            <div>
              <dt>State</dt>
              <dd data-testid="sync-state">
                {CONNECTION_LABEL[status.connection]}
                {indicator ? ` — ${indicator.label}` : ''}
              </dd>
            </div>
            <div>
              <dt>Last sync</dt>
              <dd data-testid="sync-last">{status.lastSyncAt ? LOG_TIME.format(new Date(status.lastSyncAt)) : 'Never'}</dd>
            </div>
            {status.nextAttemptAt && (
              <div>
                <dt>Next attempt</dt>
                <dd>{LOG_TIME.format(new Date(status.nextAttemptAt))}</dd>
              </div>
            )}
            {status.replica && (
              <div>
                <dt>Kept for offline</dt>
                <dd data-testid="sync-replica" data-records={status.replica.records}>
                  {status.replica.records} {status.replica.records === 1 ? 'answer' : 'answers'} of the server ({status.replica.topologies}{' '}
                  {status.replica.topologies === 1 ? 'topology' : 'topologies'}), synced{' '}
                  {status.replica.syncedAt ? LOG_TIME.format(new Date(status.replica.syncedAt)) : 'never'}
                  {status.connection === 'offline' ? ' — pages show these, read-only' : ''}
                </dd>
              </div>
            )}
            {status.replica?.lastError && (
              <div>
                <dt>Replica error</dt>
                <dd data-testid="sync-replica-error">
                  <span className="mono">{status.replica.lastError.code}</span> {status.replica.lastError.message}
                </dd>
              </div>
            )}
            {status.replica?.leases && (
              <div>
                <dt>Offline leases</dt>
                <dd data-testid="sync-replica-leases">
                  {status.replica.leases.held} live in {status.replica.leases.environments}{' '}
                  {status.replica.leases.environments === 1 ? 'environment' : 'environments'}
                  {status.replica.leases.note ? ` — ${status.replica.leases.note}` : ''}
                </dd>
              </div>
            )}
            {status.lastError && (
              <div>
                <dt>Last error</dt>
                <dd>
                  <span className="mono">{status.lastError.code}</span> {status.lastError.message}
                </dd>
              </div>
            )}
          </dl>
        )}
        <div className="sync-page__body">{body}</div>
      </div>
      {discarding && (
        <ConfirmDialog
          title="Discard this change?"
          message={discardMessage(discarding, names)}
          confirmLabel="Discard change"
          danger
          onCancel={() => setDiscarding(null)}
          onConfirm={() => {
            const entry = discarding;
            setDiscarding(null);
            void act(entry, 'discard');
          }}
        />
      )}
    </div>
  );
}
