import { useCallback, useState } from 'react';
import { useApi } from '../api/ApiProvider';
import type { Deployment } from '../api/entities';
import { useApiResource } from '../api/use-api-resource';
import { describeError } from '../toasts/describe-error';
import { Field, FormDialog } from '../ui/FormDialog';

export interface UpgradeDialogProps {
  deployment: Deployment;
  onCancel(): void;
  /** Starts the upgrade; throwing keeps the dialog open with the message. */
  onUpgrade(version: number): Promise<void>;
}

/** The component name a deployment pins, without a `@version` suffix should one be there. */
const componentName = (deployment: Deployment) => deployment.component.split('@')[0] ?? deployment.component;

/** Choosing the version to upgrade a deployed component to: the published versions newer than the one it runs. */
export function UpgradeDialog({ deployment, onCancel, onUpgrade }: UpgradeDialogProps) {
  const api = useApi();
  const name = componentName(deployment);
  const load = useCallback(() => api.getComponent({ name }), [api, name]);
  const component = useApiResource(load, null);
  const newer = (component.value?.versions ?? []).filter((entry) => entry.version > deployment.version).sort((a, b) => b.version - a.version);
  const [chosen, setChosen] = useState<number | null>(null);
  const version = chosen ?? newer[0]?.version ?? null;

  return (
    <FormDialog
      name="upgrade"
      title={`Upgrade ${deployment.label}`}
      submitLabel={version === null ? 'Upgrade' : `Upgrade to v${version}`}
      intro={`${deployment.label} runs ${name} v${deployment.version}. Upgrading deploys the chosen version with the same parameters; on failure it is rolled back.`}
      onCancel={onCancel}
      onSubmit={async () => {
        if (version === null) throw new Error(`No newer version of ${name} is published.`);
        await onUpgrade(version);
      }}
    >
      {component.error !== null ? (
        <div className="form-error" role="alert">
          Could not read the versions of {name}: {describeError(component.error).message}
        </div>
      ) : component.value === null ? (
        <p className="muted">Loading versions…</p>
      ) : newer.length === 0 ? (
        <p className="muted" data-testid="upgrade-none">
          {name} has no version newer than v{deployment.version}. Publish one from the Components page first.
        </p>
      ) : (
        <Field label="Version">
          <select className="input select" value={version ?? ''} onChange={(event) => setChosen(Number(event.target.value))} data-testid="upgrade-version">
            {newer.map((entry) => (
              <option key={entry.version} value={entry.version}>
                v{entry.version} — {entry.changelog || 'no changelog'}
              </option>
            ))}
          </select>
        </Field>
      )}
    </FormDialog>
  );
}
