import { useCallback, useState } from 'react';
import type { MethodOutput } from '../../../engine/api/contract';
import { toApiError } from '../api/api-error';
import { useApi } from '../api/ApiProvider';
import { usePolling } from '../sync/use-polling';
import { useNotifier } from '../toasts/ToastProvider';
import { EmptyState } from '../ui/EmptyState';
import { Icon } from '../ui/Icon';
import { PromptDialog } from '../ui/PromptDialog';
import { RegistryList } from './RegistryList';
import { MachineTable } from './MachineTable';

type Overview = MethodOutput<'getBareMetalOverview'>;

/**
 * Bare metal: the registries of provider TOML files (with their last sync and its problems, file and
 * line), the machines they describe and which node holds each, and the capacity reserved and free.
 * Add registry records a Git URL or a path; Sync clones or fetches every registry.
 */
export function BareMetalPage({ active }: { active: boolean }) {
  const api = useApi();
  const notifier = useNotifier();
  const load = useCallback((): Promise<Overview> => api.getBareMetalOverview({}), [api]);
  const { value, error, refresh } = usePolling(load, active);
  const [adding, setAdding] = useState(false);
  const [syncing, setSyncing] = useState(false);

  const sync = async () => {
    setSyncing(true);
    try {
      const registries = await api.syncBareMetalRegistries({});
      const failed = registries.filter((registry) => registry.lastSync?.status === 'failed');
      if (failed.length === 0)
        notifier.success('Registries synced', `${registries.length} registr${registries.length === 1 ? 'y' : 'ies'} up to date.`);
      else
        notifier.show({
          kind: 'error',
          title: 'Some registries have problems',
          message: `${failed.map((r) => r.name).join(', ')}: see the problems listed.`,
        });
    } catch (failure) {
      notifier.show({ kind: 'error', title: 'Could not sync', message: toApiError(failure).message });
    } finally {
      setSyncing(false);
      await refresh();
    }
  };

  const add = async (source: string) => {
    setAdding(false);
    try {
      const registry = await api.addBareMetalRegistry({ source: source.trim() });
      notifier.success('Registry added', `${registry.name}: sync it to read its machines.`);
    } catch (failure) {
      notifier.show({ kind: 'error', title: 'Could not add the registry', message: toApiError(failure).message });
    } finally {
      await refresh();
    }
  };

  let body;
  if (!value) {
    body = error ? (
      <EmptyState icon="alert" title="Could not read the registry" testId="baremetal-error">
        {toApiError(error).message}
      </EmptyState>
    ) : (
      <div className="page__loading" role="status">
        Reading the registry…
      </div>
    );
  } else if (value.registries.length === 0) {
    body = (
      <EmptyState
        icon="database"
        title="No bare-metal registry yet"
        testId="baremetal-empty"
        action={
          <button type="button" className="button button--primary" onClick={() => setAdding(true)} data-testid="baremetal-add-empty">
            Add registry
          </button>
        }
      >
        A registry is a Git repository of TOML files, one per provider, listing machines with their cores, memory, disks, NICs, location and
        Redfish BMC. Add one by its URL or a path on this machine, then sync it.
      </EmptyState>
    );
  } else {
    const { capacity } = value;
    body = (
      <>
        <dl className="sync-summary" data-testid="baremetal-capacity">
          <div>
            <dt>Machines free</dt>
            <dd data-testid="capacity-machines">
              {capacity.machines.free} of {capacity.machines.total} ({capacity.machines.reserved} reserved)
            </dd>
          </div>
          <div>
            <dt>Cores free</dt>
            <dd data-testid="capacity-cores">
              {capacity.cores.free} of {capacity.cores.total}
            </dd>
          </div>
          <div>
            <dt>Memory free</dt>
            <dd>
              {capacity.memoryGb.free} of {capacity.memoryGb.total} GB
            </dd>
          </div>
          <div>
            <dt>Disk free</dt>
            <dd>
              {capacity.diskGb.free} of {capacity.diskGb.total} GB
            </dd>
          </div>
        </dl>
        <section className="sync-section" aria-labelledby="baremetal-registries-title">
          <h2 id="baremetal-registries-title" className="sync-section__title">
            Registries <span className="muted">({value.registries.length})</span>
          </h2>
          <RegistryList registries={value.registries} />
        </section>
        <section className="sync-section" aria-labelledby="baremetal-machines-title">
          <h2 id="baremetal-machines-title" className="sync-section__title">
            Machines <span className="muted">({value.machines.length})</span>
          </h2>
          {value.machines.length === 0 ? (
            <p className="muted sync-section__empty" data-testid="baremetal-no-machines">
              No machines yet: sync the registries.
            </p>
          ) : (
            <MachineTable machines={value.machines} />
          )}
        </section>
      </>
    );
  }

  return (
    <div className="page page--scroll" hidden={!active} data-testid="baremetal-page">
      <div className="page__content page__content--wide">
        <header className="page__header">
          <div>
            <h1 className="page__title">Bare metal</h1>
            <p className="page__subtitle">Registered machines, who holds them, and the capacity left for bare-metal nodes.</p>
          </div>
          <div className="audit-page__actions">
            <button type="button" className="button button--small" onClick={() => setAdding(true)} data-testid="baremetal-add">
              <Icon name="plus" size={14} />
              Add registry
            </button>
            <button
              type="button"
              className="button button--small"
              onClick={() => void sync()}
              disabled={syncing || !value || value.registries.length === 0}
              data-testid="baremetal-sync"
            >
              <Icon name="refresh" size={14} />
              {syncing ? 'Syncing…' : 'Sync'}
            </button>
          </div>
        </header>
        {body}
      </div>
      {adding && (
        <PromptDialog
          title="Add a bare-metal registry"
          label="Git URL or path of the registry"
          confirmLabel="Add registry"
          placeholder="https://git.example.org/infra/machines.git"
          validate={(text) => (text.trim() === '' ? 'Enter a Git URL or a path.' : null)}
          onConfirm={(source) => void add(source)}
          onCancel={() => setAdding(false)}
        />
      )}
    </div>
  );
}
