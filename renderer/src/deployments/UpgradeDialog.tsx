import { useCallback } from 'react';
import { useApi } from '../api/ApiProvider';
import type { Deployment } from '../api/entities';
import { useApiResource } from '../api/use-api-resource';
import { UpgradeVersionDialog } from '../ui/UpgradeVersionDialog';

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
  return (
    <UpgradeVersionDialog
      name="upgrade"
      title={`Upgrade ${deployment.label}`}
      intro={`${deployment.label} runs ${name} v${deployment.version}. Upgrading deploys the chosen version with the same parameters; on failure it is rolled back.`}
      subject={name}
      current={deployment.version}
      versions={component.value?.versions ?? null}
      error={component.error}
      publishHint="Publish one from the Components page first."
      onCancel={onCancel}
      onUpgrade={onUpgrade}
    />
  );
}
