import { useState } from 'react';
import type { Deployment, DriftRecord } from '../api/entities';
import { formatValue } from '../ui/format-value';
import { FormDialog } from '../ui/FormDialog';

export interface DriftActionDialogProps {
  deployment: Deployment;
  /** The drift record acted on (the deployment's newest). */
  record: DriftRecord;
  onCancel(): void;
}

/** The drifted properties of a record, with the value recorded and the one found. */
function driftedProperties(record: DriftRecord) {
  return record.entries.flatMap((entry) =>
    entry.properties.map((property) => ({ ...property, resource: entry.urn.split('::').pop() ?? entry.urn })),
  );
}

/**
 * Asks before repairing drift: it changes real infrastructure (the recorded values are deployed again
 * and every drifted property is put back). A refusal from the engine shows in the dialog.
 */
export function RepairDriftDialog({ deployment, record, onCancel, onRepair }: DriftActionDialogProps & { onRepair(): Promise<void> }) {
  const properties = driftedProperties(record);
  const deleted = record.entries.filter((entry) => entry.change === 'deleted');
  return (
    <FormDialog
      name="repair-drift"
      title={`Repair ${deployment.label}?`}
      submitLabel="Repair"
      intro={`This changes real infrastructure: Nimbus deploys the recorded values of ${deployment.label} (${deployment.component}@${deployment.version}) in ${deployment.environment} again, so the real object matches the record. Then it checks drift again.`}
      onCancel={onCancel}
      onSubmit={onRepair}
    >
      {properties.length > 0 && (
        <table className="plan-values drift-properties" data-testid="repair-drift-properties">
          <caption className="visually-hidden">What the repair puts back</caption>
          <thead>
            <tr>
              <th scope="col">Property</th>
              <th scope="col">Now</th>
              <th scope="col">Put back to</th>
            </tr>
          </thead>
          <tbody>
            {properties.map((property) => (
              <tr key={`${property.resource}:${property.name}`}>
                <th scope="row" className="plan-values__key mono">
                  {property.name}
                </th>
                <td className="mono drift-properties__actual">{formatValue(property.actual)}</td>
                <td className="mono">{formatValue(property.expected)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {deleted.map((entry) => (
        <p key={entry.urn} className="muted">
          {entry.urn.split('::').pop()} was deleted and is created again.
        </p>
      ))}
    </FormDialog>
  );
}

/**
 * Choosing which drifted values to accept: each checked property's real value becomes the recorded
 * value (source drift-accepted), so later deploys keep it. A refusal from the engine (an output, an
 * allocated or wired input, a value the component does not allow) shows in the dialog.
 */
export function AcceptDriftDialog({
  deployment,
  record,
  onCancel,
  onAccept,
}: DriftActionDialogProps & { onAccept(fields: string[]): Promise<void> }) {
  const properties = driftedProperties(record);
  const names = [...new Set(properties.map((property) => property.name))];
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(names));
  const deleted = record.entries.filter((entry) => entry.change === 'deleted');
  const toggle = (name: string, on: boolean) =>
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(name);
      else next.delete(name);
      return next;
    });
  return (
    <FormDialog
      name="accept-drift"
      title={`Accept the drift of ${deployment.label}?`}
      submitLabel={chosen.size === 1 ? 'Accept 1 value' : `Accept ${chosen.size} values`}
      intro={`The checked values found on the real object become the recorded values of ${deployment.label}, marked as accepted from drift; later deploys keep them. Nimbus then deploys the record so its state agrees, putting back anything left unchecked, and checks drift again.`}
      onCancel={onCancel}
      onSubmit={async () => {
        if (chosen.size === 0) throw new Error('Check at least one value to accept, or cancel.');
        await onAccept(names.filter((name) => chosen.has(name)));
      }}
    >
      {names.length === 0 ? (
        <p className="muted" data-testid="accept-drift-none">
          No drifted value can be taken over here:{' '}
          {deleted.length > 0 ? 'the object was deleted. Repair it instead.' : 'nothing was found changed.'}
        </p>
      ) : (
        <table className="plan-values drift-properties" data-testid="accept-drift-properties">
          <caption className="visually-hidden">Drifted values to accept</caption>
          <thead>
            <tr>
              <th scope="col">Accept</th>
              <th scope="col">Property</th>
              <th scope="col">Recorded</th>
              <th scope="col">Found</th>
            </tr>
          </thead>
          <tbody>
            {properties.map((property) => (
              <tr key={`${property.resource}:${property.name}`} data-testid="accept-drift-property" data-name={property.name}>
                <td>
                  <input
                    type="checkbox"
                    checked={chosen.has(property.name)}
                    onChange={(event) => toggle(property.name, event.target.checked)}
                    aria-label={`Accept ${property.name}`}
                  />
                </td>
                <th scope="row" className="plan-values__key mono">
                  {property.name}
                </th>
                <td className="mono">{formatValue(property.expected)}</td>
                <td className="mono drift-properties__actual">{formatValue(property.actual)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </FormDialog>
  );
}
