import { useState } from 'react';
import { useApi } from '../api/ApiProvider';
import type { IpamPool, LandingZone } from '../api/entities';
import { Field, FormDialog } from '../ui/FormDialog';
import { buildConfig } from './config-sources';

export interface NewLandingZoneDialogProps {
  providers: readonly string[];
  pools: readonly IpamPool[];
  onCreated(zone: LandingZone): void;
  onCancel(): void;
}

const DEFAULT_PATTERN = '{env}-{type}-{seq:03d}';

/** Creates a landing zone: one provider backend with the resolver settings its environments inherit. */
export function NewLandingZoneDialog({ providers, pools, onCreated, onCancel }: NewLandingZoneDialogProps) {
  const api = useApi();
  const [name, setName] = useState('');
  const [provider, setProvider] = useState(providers[0] ?? '');
  const [description, setDescription] = useState('');
  const [pool, setPool] = useState('');
  const [pattern, setPattern] = useState('');
  const [domain, setDomain] = useState('');

  return (
    <FormDialog
      name="new-landing-zone"
      title="New landing zone"
      submitLabel="Create landing zone"
      wide
      intro="A landing zone is one provider backend — a Proxmox cluster, an AWS account — with the settings every environment in it starts from."
      onCancel={onCancel}
      onSubmit={async () => {
        if (!name.trim()) throw new Error('Enter a name for the landing zone.');
        onCreated(
          await api.createLandingZone({
            name: name.trim(),
            provider,
            ...(description.trim() ? { description: description.trim() } : {}),
            resolverConfig: buildConfig({ 'ipam.pool': pool, 'naming.pattern': pattern, 'naming.domain': domain }),
          }),
        );
      }}
    >
      <div className="form-row">
        <Field label="Name" hint="Lowercase letters, digits and “-”.">
          <input
            className="input"
            autoFocus
            value={name}
            placeholder="e.g. homelab"
            spellCheck={false}
            onChange={(event) => setName(event.target.value)}
            data-testid="lz-name"
          />
        </Field>
        <Field label="Provider">
          <select className="input select" value={provider} onChange={(event) => setProvider(event.target.value)} data-testid="lz-provider">
            {providers.map((entry) => (
              <option key={entry} value={entry}>
                {entry}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label="Description" optional>
        <input
          className="input"
          value={description}
          onChange={(event) => setDescription(event.target.value)}
          data-testid="lz-description"
        />
      </Field>
      <Field label="IPAM pool" optional hint="Where addresses for this zone's machines come from.">
        <select className="input select" value={pool} onChange={(event) => setPool(event.target.value)} data-testid="lz-pool">
          <option value="">None</option>
          {pools.map((entry) => (
            <option key={entry.id} value={entry.name}>
              {entry.name} ({entry.cidr})
            </option>
          ))}
        </select>
      </Field>
      <div className="form-row">
        <Field label="Naming pattern" optional hint={`Default: ${DEFAULT_PATTERN}`}>
          <input
            className="input mono"
            value={pattern}
            placeholder={DEFAULT_PATTERN}
            spellCheck={false}
            onChange={(event) => setPattern(event.target.value)}
            data-testid="lz-pattern"
          />
        </Field>
        <Field label="DNS domain" optional>
          <input
            className="input mono"
            value={domain}
            placeholder="e.g. lab.example.internal"
            spellCheck={false}
            onChange={(event) => setDomain(event.target.value)}
            data-testid="lz-domain"
          />
        </Field>
      </div>
    </FormDialog>
  );
}
