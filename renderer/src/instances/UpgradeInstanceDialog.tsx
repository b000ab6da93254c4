import { useCallback } from 'react';
import { useApi } from '../api/ApiProvider';
import { useApiResource } from '../api/use-api-resource';
import { UpgradeVersionDialog } from '../ui/UpgradeVersionDialog';
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
  return (
    <UpgradeVersionDialog
      name="upgrade-instance"
      title={`Upgrade ${instance.name}`}
      intro={`${instance.name} runs ${instance.stack} v${instance.version}. Upgrading runs the upgrade transition of its state machine: every slot is deployed at the new version with the same parameters.`}
      subject={instance.stack}
      current={instance.version}
      versions={versions.value}
      error={versions.error}
      publishHint="Publish one on the Stacks page first."
      onCancel={onCancel}
      onUpgrade={onUpgrade}
    />
  );
}
