import { useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import type { IpamPool } from '../../api/entities';
import { Field, FormDialog } from '../../ui/FormDialog';
import { flattenPoolTree, buildPoolTree } from './pool-tree';

export interface NewPoolDialogProps {
  pools: readonly IpamPool[];
  /** Pre-selected parent, when started from a pool's "New child pool". */
  parentId: string | null;
  onCreated(pool: IpamPool): void;
  onCancel(): void;
}

/** Creates a top-level or child pool; the engine rejects overlaps and malformed CIDRs, shown in the dialog. */
export function NewPoolDialog({ pools, parentId, onCreated, onCancel }: NewPoolDialogProps) {
  const api = useApi();
  const [name, setName] = useState('');
  const [cidr, setCidr] = useState('');
  const [parent, setParent] = useState(parentId ?? '');
  const [gateway, setGateway] = useState('');
  const parentPool = pools.find((pool) => pool.id === parent);

  return (
    <FormDialog
      name="new-pool"
      title="New IPAM pool"
      submitLabel="Create pool"
      onCancel={onCancel}
      onSubmit={async () => {
        if (!name.trim()) throw new Error('Enter a name for the pool.');
        if (!cidr.trim()) throw new Error('Enter the address range in CIDR notation, e.g. 10.0.0.0/16.');
        const created = await api.createIpamPool({
          name: name.trim(),
          cidr: cidr.trim(),
          ...(parentPool ? { parent: parentPool.id, scope: parentPool.scope } : {}),
          ...(gateway.trim() ? { gateway: gateway.trim() } : {}),
        });
        onCreated(created);
      }}
    >
      <Field label="Name">
        <input
          className="input"
          autoFocus
          value={name}
          maxLength={100}
          placeholder="e.g. lab"
          onChange={(event) => setName(event.target.value)}
          data-testid="pool-name-input"
        />
      </Field>
      <Field
        label="CIDR"
        hint={
          parentPool
            ? `Must lie inside ${parentPool.cidr} and not overlap its other allocations.`
            : 'IPv4 or IPv6, e.g. 10.20.0.0/16 or fd00::/48.'
        }
      >
        <input
          className="input mono"
          value={cidr}
          placeholder={parentPool ? parentPool.cidr : '10.0.0.0/16'}
          spellCheck={false}
          onChange={(event) => setCidr(event.target.value)}
          data-testid="pool-cidr-input"
        />
      </Field>
      <Field label="Parent pool" optional>
        <select className="input select" value={parent} onChange={(event) => setParent(event.target.value)} data-testid="pool-parent-input">
          <option value="">None — a top-level pool</option>
          {flattenPoolTree(buildPoolTree(pools)).map(({ pool, depth }) => (
            <option key={pool.id} value={pool.id}>
              {`${'  '.repeat(depth)}${pool.name} (${pool.cidr})`}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Gateway" optional hint="Defaults to the first usable address.">
        <input
          className="input mono"
          value={gateway}
          spellCheck={false}
          onChange={(event) => setGateway(event.target.value)}
          data-testid="pool-gateway-input"
        />
      </Field>
    </FormDialog>
  );
}
