import { useState } from 'react';
import { useApi } from '../api/ApiProvider';
import type { Environment, IpamPool, LandingZone } from '../api/entities';
import { Field, FormDialog } from '../ui/FormDialog';
import { buildConfig, configValue } from './config-sources';

export interface NewEnvironmentDialogProps {
  zones: readonly LandingZone[];
  pools: readonly IpamPool[];
  onCreated(environment: Environment): void;
  onCancel(): void;
}

/** Creates an environment in a landing zone, optionally from a template and with its own IPAM pool. */
export function NewEnvironmentDialog({ zones, pools, onCreated, onCancel }: NewEnvironmentDialogProps) {
  const api = useApi();
  const [name, setName] = useState('');
  const [zoneName, setZoneName] = useState(zones[0]?.name ?? '');
  const [template, setTemplate] = useState('');
  const [pool, setPool] = useState('');
  const zone = zones.find((entry) => entry.name === zoneName);
  // What the environment gets without an override: the template's pool, else the zone's.
  const templatePool = configValue(zone?.templates.find((entry) => entry.name === template)?.resolverOverrides ?? {}, 'ipam.pool');
  const zonePool = configValue(zone?.resolverConfig ?? {}, 'ipam.pool');
  const inherited =
    typeof templatePool === 'string'
      ? `Inherit from the template (${templatePool})`
      : typeof zonePool === 'string'
        ? `Inherit from the landing zone (${zonePool})`
        : 'Inherit (no pool set)';

  return (
    <FormDialog
      name="new-environment"
      title="New environment"
      submitLabel="Create environment"
      wide
      intro="An environment is where a topology is deployed, such as dev or prod. It inherits its landing zone's settings; anything set here overrides them."
      onCancel={onCancel}
      onSubmit={async () => {
        if (!name.trim()) throw new Error('Enter a name for the environment.');
        if (!zone) throw new Error('Choose the landing zone the environment belongs to.');
        onCreated(
          await api.createEnvironment({
            name: name.trim(),
            landingZone: zone.name,
            ...(template ? { template } : {}),
            resolverOverrides: buildConfig({ 'ipam.pool': pool }),
          }),
        );
      }}
    >
      <Field label="Name" hint="Lowercase letters, digits and “-”, e.g. dev or prod-eu.">
        <input
          className="input"
          autoFocus
          value={name}
          placeholder="e.g. dev"
          spellCheck={false}
          onChange={(event) => setName(event.target.value)}
          data-testid="env-name"
        />
      </Field>
      <div className="form-row">
        <Field label="Landing zone">
          <select
            className="input select"
            value={zoneName}
            onChange={(event) => {
              setZoneName(event.target.value);
              setTemplate('');
            }}
            data-testid="env-landing-zone"
          >
            {zones.map((entry) => (
              <option key={entry.id} value={entry.name}>
                {entry.name} ({entry.provider})
              </option>
            ))}
          </select>
        </Field>
        <Field label="Template" optional>
          <select
            className="input select"
            value={template}
            onChange={(event) => setTemplate(event.target.value)}
            disabled={!zone?.templates.length}
            data-testid="env-template"
          >
            <option value="">{zone?.templates.length ? 'None' : 'No templates in this zone'}</option>
            {zone?.templates.map((entry) => (
              <option key={entry.id} value={entry.name}>
                {entry.name}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field
        label="IPAM pool override"
        optional
        hint="Choose a pool only when this environment must not share addresses with the rest of its zone."
      >
        <select className="input select" value={pool} onChange={(event) => setPool(event.target.value)} data-testid="env-pool">
          <option value="">{inherited}</option>
          {pools.map((entry) => (
            <option key={entry.id} value={entry.name}>
              {entry.name} ({entry.cidr})
            </option>
          ))}
        </select>
      </Field>
    </FormDialog>
  );
}
