import { useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import type { IpamAllocation, IpamPool } from '../../api/entities';
import { Field, FormDialog } from '../../ui/FormDialog';

export interface AllocateDialogProps {
  pool: IpamPool;
  onAllocated(allocation: IpamAllocation): void;
  onCancel(): void;
}

/** Takes the next free address of a pool, or with a prefix length the next free subnet of that size. */
export function AllocateDialog({ pool, onAllocated, onCancel }: AllocateDialogProps) {
  const api = useApi();
  const [owner, setOwner] = useState('');
  const [prefix, setPrefix] = useState('');
  const maxPrefix = pool.family === 4 ? 32 : 128;

  return (
    <FormDialog
      name="allocate"
      title={`Allocate from ${pool.name}`}
      submitLabel="Allocate"
      intro={
        <>
          Reserves the next free block of <span className="mono">{pool.cidr}</span> for an owner, so no plan hands it out again until it is
          released.
        </>
      }
      onCancel={onCancel}
      onSubmit={async () => {
        if (!owner.trim()) throw new Error('Name the owner: what will use this address (a host, a team, a ticket).');
        const length = prefix.trim() === '' ? undefined : Number(prefix);
        if (length !== undefined && (!Number.isInteger(length) || length < 0 || length > maxPrefix)) {
          throw new Error(`The prefix length must be a whole number from 0 to ${maxPrefix}.`);
        }
        onAllocated(await api.allocateIp({ pool: pool.id, owner: owner.trim(), ...(length !== undefined ? { prefix: length } : {}) }));
      }}
    >
      <Field label="Owner">
        <input
          className="input"
          autoFocus
          value={owner}
          maxLength={200}
          placeholder="e.g. build-agent-3"
          onChange={(event) => setOwner(event.target.value)}
          data-testid="allocate-owner"
        />
      </Field>
      <Field
        label="Prefix length"
        optional
        hint={`Leave empty for one address; ${pool.family === 4 ? '28' : '64'} takes a /${pool.family === 4 ? '28' : '64'} subnet.`}
      >
        <input
          className="input mono input--narrow"
          inputMode="numeric"
          value={prefix}
          placeholder="—"
          onChange={(event) => setPrefix(event.target.value)}
          data-testid="allocate-prefix"
        />
      </Field>
    </FormDialog>
  );
}
