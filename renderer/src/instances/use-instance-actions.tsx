import { useState, type ReactNode } from 'react';
import { useApi } from '../api/ApiProvider';
import { useNotifier } from '../toasts/ToastProvider';
import { destroyItems } from '../deployments/destroy/destroy-confirmation';
import { DestroyDialog } from '../deployments/destroy/DestroyDialog';
import { DeployStackDialog } from './DeployStackDialog';
import { outcomeOf } from './event-entry';
import type { StackInstance } from './instance-entities';
import type { OperationView } from './operation-view';
import { RunOperationDialog } from './RunOperationDialog';
import { SendEventDialog } from './SendEventDialog';
import { UpgradeInstanceDialog } from './UpgradeInstanceDialog';

type Pending =
  | { kind: 'deploy' }
  | { kind: 'destroy'; instance: StackInstance }
  | { kind: 'upgrade'; instance: StackInstance }
  | { kind: 'run'; instance: StackInstance; operations: readonly OperationView[]; operation: string | null }
  | { kind: 'event'; instance: StackInstance };

/** What the Stack instances page can do; each asks first in a dialog, then calls the engine and says how it went. */
export interface InstanceActions {
  deploy(): void;
  destroy(instance: StackInstance): void;
  upgrade(instance: StackInstance): void;
  /** Opens the confirmation of one operation, or (null) a choice among those allowed now. */
  runOperation(instance: StackInstance, operations: readonly OperationView[], operation: string | null): void;
  sendEvent(instance: StackInstance): void;
  confirm(instance: StackInstance): Promise<void>;
  /** The dialog to render, if one is open. */
  dialog: ReactNode;
}

export interface InstanceActionsOptions {
  /** Instances that exist, for the deploy dialog's name check. */
  instances: readonly StackInstance[];
  /** Something changed: read the page's data again now rather than at the next poll. */
  onChanged(): void;
  onOpen(id: string): void;
}

/**
 * The page's lifecycle actions and dialogs. Lifecycle requests return at once (the workflow runs as a
 * job the instance page follows), so success is a toast saying what started; refusals from dialogs
 * stay in them, the destroy refusal (it has no form) is a toast.
 */
export function useInstanceActions({ instances, onChanged, onOpen }: InstanceActionsOptions): InstanceActions {
  const api = useApi();
  const notifier = useNotifier();
  const [pending, setPending] = useState<Pending | null>(null);
  const close = () => setPending(null);
  const done = (title: string, message?: string) => {
    close();
    notifier.success(title, message);
    onChanged();
  };

  let dialog: ReactNode = null;
  switch (pending?.kind) {
    case 'deploy':
      dialog = (
        <DeployStackDialog
          existing={instances}
          onCancel={close}
          onDeployed={(instance) => {
            done(`Deploying ${instance.name}`, `${instance.stack}@${instance.version} in ${instance.environment}`);
            onOpen(instance.id);
          }}
        />
      );
      break;
    case 'destroy': {
      const { instance } = pending;
      dialog = (
        <DestroyDialog
          title={`Destroy ${instance.name}?`}
          message={`Every component of ${instance.name} (${instance.stack}@${instance.version}) in ${instance.environment} is destroyed through the destroy transition of its state machine, and the addresses and names it used are released. This cannot be undone.`}
          name={instance.name}
          noun="instance"
          confirmLabel="Destroy instance"
          // The slots' deployments are the instance's topology `stack:<name>` in its environment.
          load={() => api.listDeployments({ environment: instance.environment, topology: `stack:${instance.name}` }).then(destroyItems)}
          onCancel={close}
          onConfirm={() => {
            close();
            api.destroyStackInstance({ id: instance.id }).then(
              () => done(`Destroying ${instance.name}`),
              (error: unknown) => notifier.error(`Could not destroy ${instance.name}`, error),
            );
          }}
        />
      );
      break;
    }
    case 'upgrade': {
      const { instance } = pending;
      dialog = (
        <UpgradeInstanceDialog
          instance={instance}
          onCancel={close}
          onUpgrade={async (version) => {
            await api.upgradeStackInstance({ id: instance.id, version });
            done(`Upgrading ${instance.name} to v${version}`);
          }}
        />
      );
      break;
    }
    case 'run': {
      const { instance, operations, operation } = pending;
      dialog = (
        <RunOperationDialog
          instance={instance}
          operations={operations}
          initial={operation}
          onCancel={close}
          onRun={async (name, input) => {
            await api.runStackOperation({ id: instance.id, operation: name, input });
            done(`${name} started on ${instance.name}`);
          }}
        />
      );
      break;
    }
    case 'event': {
      const { instance } = pending;
      dialog = (
        <SendEventDialog
          instance={instance}
          onCancel={close}
          onSend={async (type, payload) => {
            const entry = await api.emitEvent({ type, instanceId: instance.id, payload });
            const outcome = outcomeOf(entry, instance.id);
            done(`Event ${type} sent`, outcome.transition ? `${outcome.transition} — ${outcome.note}` : outcome.note);
            return entry;
          }}
        />
      );
      break;
    }
  }

  return {
    deploy: () => setPending({ kind: 'deploy' }),
    destroy: (instance) => setPending({ kind: 'destroy', instance }),
    upgrade: (instance) => setPending({ kind: 'upgrade', instance }),
    runOperation: (instance, operations, operation) => setPending({ kind: 'run', instance, operations, operation }),
    sendEvent: (instance) => setPending({ kind: 'event', instance }),
    confirm: async (instance) => {
      await api.confirmStackOperation({ id: instance.id });
      onChanged();
    },
    dialog,
  };
}
