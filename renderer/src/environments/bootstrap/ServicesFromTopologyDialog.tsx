import { useCallback, useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import { useApiResource } from '../../api/use-api-resource';
import { Field, FormDialog } from '../../ui/FormDialog';

/**
 * Sets a landing zone's system services from a topology saved in the planner, where they are designed
 * with wiring and parameters like any other. The engine checks it (published components of the zone's
 * provider) and its refusal stays in the dialog; nothing deploys until Publish.
 */
export function ServicesFromTopologyDialog({ landingZone, onCancel, onSet }: { landingZone: string; onCancel(): void; onSet(): void }) {
  const api = useApi();
  const load = useCallback(() => api.listTopologies({}), [api]);
  const topologies = useApiResource(load, 'Could not list topologies', landingZone);
  const [picked, setPicked] = useState('');
  const choices = topologies.value ?? [];
  const chosen = choices.some((topology) => topology.id === picked) ? picked : (choices[0]?.id ?? '');
  return (
    <FormDialog
      name="system-services-topology"
      title={`System services of ${landingZone}`}
      submitLabel="Use this topology"
      intro="The topology's nodes become the landing zone's system services, deployed into its system environment when you publish."
      onCancel={onCancel}
      onSubmit={async () => {
        if (!chosen) throw new Error('Save a topology in the planner first: there is none to use.');
        const { document } = await api.getTopology({ id: chosen });
        await api.setLandingZoneServices({ landingZone, document });
        onSet();
      }}
    >
      <Field label="Topology" hint="Only published components of this landing zone's provider are accepted.">
        {choices.length === 0 ? (
          <p className="field__hint" data-testid="system-services-no-topologies">
            {topologies.loading ? 'Loading topologies…' : 'No saved topologies yet: design the services in the planner, then come back.'}
          </p>
        ) : (
          <select
            className="input select"
            autoFocus
            value={chosen}
            onChange={(event) => setPicked(event.target.value)}
            data-testid="system-services-topology"
          >
            {choices.map((topology) => (
              <option key={topology.id} value={topology.id}>
                {topology.name}
              </option>
            ))}
          </select>
        )}
      </Field>
    </FormDialog>
  );
}
