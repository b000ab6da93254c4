import { useCallback, useState } from 'react';
import { useApi } from '../api/ApiProvider';
import { useApiResource } from '../api/use-api-resource';
import { describeError } from '../toasts/describe-error';
import { Field, FormDialog } from '../ui/FormDialog';
import type { StackInstance } from './instance-entities';

export interface UpgradeInstanceDialogProps {
  instance: StackInstance;
  onCancel(): void;
  /** Starts the upgrade; throwing keeps the dialog open with the message. */
  onUpgrade(version: number): Promise<void>;
}

/** Choosing the published version of its stack to move an instance to: only versions newer than the one it runs. */
export function UpgradeInstanceDialog({ instance, onCancel, onUpgrade }: UpgradeInstanceDialogProps) {
  const api = useApi();
  const load = useCallback(() => api.listStackVersions({ name: instance.stack }), [api, instance.stack]);
  const versions = useApiResource(load, null);
  const newer = (versions.value ?? []).filter((entry) => entry.version > instance.version).sort((a, b) => b.version - a.version);
  const [chosen, setChosen] = useState<number | null>(null);
  const version = chosen ?? newer[0]?.version ?? null;
  return (
    <FormDialog
      name="upgrade-instance"
      title={`Upgrade ${instance.name}`}
      submitLabel={version === null ? 'Upgrade' : `Upgrade to v${version}`}
      intro={`${instance.name} runs ${instance.stack} v${instance.version}. Upgrading runs the upgrade transition of its state machine: every slot is deployed at the new version with the same parameters.`}
      onCancel={onCancel}
      onSubmit={async () => {
        if (version === null) throw new Error(`No newer version of ${instance.stack} is published.`);
        await onUpgrade(version);
      }}
    >
      {versions.error !== null ? (
        <div className="form-error" role="alert">
          Could not read the versions of {instance.stack}: {describeError(versions.error).message}
        </div>
      ) : versions.value === null ? (
        <p className="muted">Loading versions…</p>
      ) : newer.length === 0 ? (
        <p className="muted" data-testid="upgrade-instance-none">
          {instance.stack} has no version newer than v{instance.version}. Publish one on the Stacks page first.
        </p>
      ) : (
        <Field label="Version">
          <select className="input select" value={version ?? ''} onChange={(event) => setChosen(Number(event.target.value))} data-testid="upgrade-instance-version">
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
