import { useState } from 'react';
import type { IpamPool } from '../../api/entities';
import { useNotifier } from '../../toasts/ToastProvider';
import { EmptyState } from '../../ui/EmptyState';
import { Icon } from '../../ui/Icon';
import { NewPoolDialog } from './NewPoolDialog';
import { PoolDetail } from './PoolDetail';
import { PoolTree } from './PoolTree';
import { blockedProps } from '../../permissions/blocked-props';
import { useBlockedReason } from '../../permissions/PermissionProvider';

export interface IpamViewProps {
  pools: IpamPool[] | null;
  refreshKey: unknown;
  onChanged(): void;
}

/** IP address management: the pool hierarchy beside the selected pool's allocations. */
export function IpamView({ pools, refreshKey, onChanged }: IpamViewProps) {
  const poolBlocked = useBlockedReason('createIpamPool');
  const notifier = useNotifier();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  // null: closed; '' : a top-level pool; an id: a child of that pool.
  const [creatingUnder, setCreatingUnder] = useState<string | null>(null);
  const selected = pools?.find((pool) => pool.id === selectedId) ?? pools?.[0] ?? null;

  const dialog = creatingUnder !== null && pools && (
    <NewPoolDialog
      pools={pools}
      parentId={creatingUnder || null}
      onCancel={() => setCreatingUnder(null)}
      onCreated={(pool) => {
        setCreatingUnder(null);
        setSelectedId(pool.id);
        notifier.success(`Created pool ${pool.name}`, pool.cidr);
        onChanged();
      }}
    />
  );

  if (pools === null) return <div className="page__loading">Loading…</div>;
  if (pools.length === 0) {
    return (
      <>
        <EmptyState
          icon="network"
          title="No IPAM pools yet"
          testId="ipam-empty"
          action={
            <button
              type="button"
              className="button button--primary"
              onClick={() => setCreatingUnder('')}
              data-testid="empty-new-pool"
              {...blockedProps(poolBlocked)}
            >
              New pool
            </button>
          }
        >
          A pool is an address range — say 10.20.0.0/16 — that plans hand addresses and subnets out of. Nest pools to split a range between
          sites or teams.
        </EmptyState>
        {dialog}
      </>
    );
  }

  return (
    <div className="ipam" data-testid="ipam-view">
      <section className="card ipam__pools" aria-labelledby="ipam-pools-title">
        <header className="section-header">
          <h2 id="ipam-pools-title" className="card__title">
            Pools
          </h2>
          <button
            type="button"
            className="button button--small"
            onClick={() => setCreatingUnder('')}
            data-testid="new-pool"
            {...blockedProps(poolBlocked)}
          >
            <Icon name="plus" size={14} />
            New pool
          </button>
        </header>
        <PoolTree pools={pools} selectedId={selected?.id ?? null} onSelect={setSelectedId} />
      </section>
      {selected && (
        <PoolDetail
          pool={selected}
          pools={pools}
          refreshKey={refreshKey}
          onSelect={setSelectedId}
          onNewChild={(id) => setCreatingUnder(id)}
          onChanged={onChanged}
        />
      )}
      {dialog}
    </div>
  );
}
