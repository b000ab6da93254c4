import { useCallback, useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import type { IpamAllocation, IpamPool } from '../../api/entities';
import { useApiResource } from '../../api/use-api-resource';
import { useNotifier } from '../../toasts/ToastProvider';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Icon } from '../../ui/Icon';
import { Tag, type TagTone } from '../../ui/Tag';
import { AllocateDialog } from './AllocateDialog';
import { formatCount } from './format-count';
import { UtilisationBar } from './UtilisationBar';
import { DATE_TIME } from '../../ui/time-format';
import { blockedProps } from '../../permissions/blocked-props';
import { EntityActions } from '../manage/EntityActions';
import { useBlockedReason } from '../../permissions/PermissionProvider';

export interface PoolDetailProps {
  pool: IpamPool;
  pools: readonly IpamPool[];
  /** Changes whenever pools or allocations changed, so the allocation list is fetched again. */
  refreshKey: unknown;
  onSelect(id: string): void;
  onNewChild(parentId: string): void;
  onChanged(): void;
}

const KIND: Record<IpamAllocation['kind'], { label: string; tone: TagTone }> = {
  address: { label: 'address', tone: 'accent' },
  subnet: { label: 'subnet', tone: 'violet' },
  child_pool: { label: 'child pool', tone: 'teal' },
};

/** One pool: its facts, what is allocated from it, and allocating or releasing addresses. */
export function PoolDetail({ pool, pools, refreshKey, onSelect, onNewChild, onChanged }: PoolDetailProps) {
  const poolBlocked = useBlockedReason('createIpamPool');
  const allocateBlocked = useBlockedReason('allocateIp');
  const releaseBlocked = useBlockedReason('releaseIp');
  const api = useApi();
  const notifier = useNotifier();
  // The answer carries its pool, so a list still showing for the previous pool is never mistaken for this one's.
  const load = useCallback(async () => ({ poolId: pool.id, list: await api.listIpamAllocations({ pool: pool.id }) }), [api, pool.id]);
  const allocations = useApiResource(load, `Could not list the allocations of ${pool.name}`, refreshKey);
  const [allocating, setAllocating] = useState(false);
  const [releasing, setReleasing] = useState<IpamAllocation | null>(null);
  const parent = pools.find((candidate) => candidate.id === pool.parentId);
  const free = (BigInt(pool.size) - BigInt(pool.used)).toString();
  const rows = allocations.value?.poolId === pool.id ? allocations.value.list : null;

  const release = async (allocation: IpamAllocation) => {
    setReleasing(null);
    try {
      await api.releaseIp({ id: allocation.id });
      notifier.success(`Released ${allocation.value}`, `It is free again in ${pool.name}.`);
      onChanged();
    } catch (error) {
      notifier.error(`Could not release ${allocation.value}`, error);
    }
  };

  return (
    <section className="card pool-detail" aria-labelledby="pool-detail-title" data-testid="pool-detail" data-name={pool.name}>
      <header className="pool-detail__header">
        <div>
          <h2 id="pool-detail-title" className="pool-detail__title">
            {pool.name}
          </h2>
          <div className="pool-detail__cidr mono">{pool.cidr}</div>
        </div>
        <div className="card__actions">
          <button
            type="button"
            className="button"
            onClick={() => onNewChild(pool.id)}
            data-testid="new-child-pool"
            {...blockedProps(poolBlocked)}
          >
            <Icon name="plus" size={14} />
            Child pool…
          </button>
          <button
            type="button"
            className="button button--primary"
            onClick={() => setAllocating(true)}
            data-testid="allocate-ip"
            {...blockedProps(allocateBlocked)}
          >
            Allocate…
          </button>
          <EntityActions
            kind="pool"
            testId="pool"
            name={pool.name}
            updateMethod="updateIpamPool"
            deleteMethod="deleteIpamPool"
            deleteNote="A pool with allocations or child pools, or one a landing zone, template or environment names, is not deleted. A child pool's block goes back to its parent."
            rename={(name) => api.updateIpamPool({ pool: pool.id, name })}
            remove={() => api.deleteIpamPool({ pool: pool.id })}
            onChanged={onChanged}
          />
        </div>
      </header>
      <dl className="facts facts--wide">
        <dt>Family</dt>
        <dd>IPv{pool.family}</dd>
        <dt>Gateway</dt>
        <dd className="mono">{pool.gateway ?? '—'}</dd>
        <dt>Parent</dt>
        <dd>
          {parent ? (
            <button type="button" className="link-button" onClick={() => onSelect(parent.id)}>
              {parent.name}
            </button>
          ) : (
            'Top-level pool'
          )}
        </dd>
        <dt>Scope</dt>
        <dd>{pool.scope}</dd>
        <dt>Used</dt>
        <dd data-testid="pool-detail-usage">
          {formatCount(pool.used)} of {formatCount(pool.size)} · {formatCount(free)} free
        </dd>
      </dl>
      <UtilisationBar fraction={pool.utilisation} label={`${pool.name} utilisation`} />

      <h3 className="card__subtitle">Allocations</h3>
      {rows === null ? (
        <p className="card__text">Loading…</p>
      ) : rows.length === 0 ? (
        <p className="card__text" data-testid="no-allocations">
          Nothing is allocated from this pool yet.
        </p>
      ) : (
        <div className="table-scroll">
          <table className="data-table data-table--middle" data-testid="allocation-table">
            <thead>
              <tr>
                <th scope="col">Value</th>
                <th scope="col">Kind</th>
                <th scope="col">Owner</th>
                <th scope="col">Allocated</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((allocation) => {
                const child =
                  allocation.kind === 'child_pool' ? pools.find((candidate) => `pool:${candidate.id}` === allocation.owner) : undefined;
                return (
                  <tr key={allocation.id} data-testid="allocation-row" data-value={allocation.value} data-kind={allocation.kind}>
                    <td className="mono">{allocation.value}</td>
                    <td>
                      <Tag tone={KIND[allocation.kind].tone}>{KIND[allocation.kind].label}</Tag>
                    </td>
                    <td>
                      {child ? (
                        <button type="button" className="link-button" onClick={() => onSelect(child.id)}>
                          pool {child.name}
                        </button>
                      ) : (
                        allocation.owner
                      )}
                    </td>
                    <td className="muted nowrap">
                      <time dateTime={allocation.createdAt}>{DATE_TIME.format(new Date(allocation.createdAt))}</time>
                    </td>
                    <td className="data-table__actions">
                      {allocation.kind === 'child_pool' ? (
                        <span className="muted" title="A child pool is part of the hierarchy; it is not released like an address">
                          —
                        </span>
                      ) : (
                        <button
                          type="button"
                          className="button button--small"
                          onClick={() => setReleasing(allocation)}
                          aria-label={`Release ${allocation.value}`}
                          data-testid="release-allocation"
                          {...blockedProps(releaseBlocked)}
                        >
                          Release
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {allocating && (
        <AllocateDialog
          pool={pool}
          onCancel={() => setAllocating(false)}
          onAllocated={(allocation) => {
            setAllocating(false);
            notifier.success(`Allocated ${allocation.value}`, `Reserved for ${allocation.owner} in ${pool.name}.`);
            onChanged();
          }}
        />
      )}
      {releasing && (
        <ConfirmDialog
          title={`Release ${releasing.value}?`}
          message={`It returns to ${pool.name} and may be handed out to the next allocation. Make sure ${releasing.owner} no longer uses it.`}
          confirmLabel="Release"
          danger
          onCancel={() => setReleasing(null)}
          onConfirm={() => void release(releasing)}
        />
      )}
    </section>
  );
}
