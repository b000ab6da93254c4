import { useCallback, useState, type ReactNode } from 'react';
import { notifyAwaitingApproval } from '../approvals/notify-awaiting-approval';
import { useApi } from '../api/ApiProvider';
import type { Deployment, DriftRecord } from '../api/entities';
import { useNotifier } from '../toasts/ToastProvider';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { destroyItems } from './destroy/destroy-confirmation';
import { DestroyDialog } from './destroy/DestroyDialog';
import type { Operations } from './operations/use-operations';
import { AcceptDriftDialog, RepairDriftDialog } from './DriftActionDialogs';
import { UpgradeDialog } from './UpgradeDialog';

interface PendingConfirm {
  kind: 'confirm';
  title: string;
  message: string;
  confirmLabel: string;
  danger: boolean;
  operation: string;
  start: () => Promise<{ jobId: string }>;
}

type Pending =
  | PendingConfirm
  | { kind: 'upgrade'; deployment: Deployment }
  | { kind: 'destroy-topology'; environment: string; topology: string }
  | { kind: 'repair' | 'accept'; deployment: Deployment; record: DriftRecord };

/** The Deployments page's actions on topologies and deployments. Each asks first, then runs as a job with live progress. */
export interface DeploymentActions {
  destroyTopology(environment: string, topology: string): void;
  refreshTopology(environment: string, topology: string): void;
  destroyDeployment(deployment: Deployment): void;
  upgradeDeployment(deployment: Deployment): void;
  checkDrift(scope: { environment: string } | { deployment: Deployment }): void;
  /** Asks, then deploys the recorded values again so the real object matches the record. */
  repairDrift(deployment: Deployment, record: DriftRecord): void;
  /** Lets the user choose drifted values to take into the record, then deploys them. */
  acceptDrift(deployment: Deployment, record: DriftRecord): void;
  /** The confirmation or upgrade dialog to render, if one is open. */
  dialog: ReactNode;
}

export function useDeploymentActions(operations: Operations): DeploymentActions {
  const api = useApi();
  const notifier = useNotifier();
  const [pending, setPending] = useState<Pending | null>(null);

  const ask = useCallback((confirm: Omit<PendingConfirm, 'kind'>) => setPending({ kind: 'confirm', ...confirm }), []);
  const run = useCallback(
    (title: string, start: () => Promise<{ jobId: string }>) =>
      operations.run(title, start).catch((error: unknown) => {
        if (!notifyAwaitingApproval(notifier, title, error)) notifier.error(`Could not start: ${title}`, error);
      }),
    [operations, notifier],
  );

  let dialog: ReactNode = null;
  if (pending?.kind === 'confirm') {
    dialog = (
      <ConfirmDialog
        title={pending.title}
        message={pending.message}
        confirmLabel={pending.confirmLabel}
        danger={pending.danger}
        onCancel={() => setPending(null)}
        onConfirm={() => {
          setPending(null);
          void run(pending.operation, pending.start);
        }}
      />
    );
  } else if (pending?.kind === 'destroy-topology') {
    const { environment, topology } = pending;
    const operation = `Destroy topology ${topology} in ${environment}`;
    dialog = (
      <DestroyDialog
        title={`Destroy ${topology} in ${environment}?`}
        message={`Every component of ${topology} in ${environment} is destroyed, dependents first, and the addresses and names it used are released. This cannot be undone.`}
        name={topology}
        noun="topology"
        confirmLabel="Destroy topology"
        load={() => api.listDeployments({ environment, topology }).then(destroyItems)}
        onCancel={() => setPending(null)}
        onConfirm={() => {
          setPending(null);
          void run(operation, () => api.startTopologyDestroy({ environment, topology }));
        }}
      />
    );
  } else if (pending?.kind === 'upgrade') {
    const { deployment } = pending;
    dialog = (
      <UpgradeDialog
        deployment={deployment}
        onCancel={() => setPending(null)}
        onUpgrade={async (version) => {
          // Started from the dialog, so a refusal (no such version, governance) shows in it.
          await operations.run(`Upgrade ${deployment.label} to v${version}`, () => api.upgradeDeployment({ id: deployment.id, version }));
          setPending(null);
        }}
      />
    );
  } else if (pending?.kind === 'repair') {
    const { deployment, record } = pending;
    dialog = (
      <RepairDriftDialog
        deployment={deployment}
        record={record}
        onCancel={() => setPending(null)}
        onRepair={async () => {
          // Started from the dialog, so a refusal (no drift any more, destroyed) shows in it.
          await operations.run(`Repair drift of ${deployment.label}`, () => api.repairDrift({ id: deployment.id }));
          setPending(null);
        }}
      />
    );
  } else if (pending?.kind === 'accept') {
    const { deployment, record } = pending;
    dialog = (
      <AcceptDriftDialog
        deployment={deployment}
        record={record}
        onCancel={() => setPending(null)}
        onAccept={async (fields) => {
          await operations.run(`Accept drift of ${deployment.label}`, () => api.acceptDrift({ id: deployment.id, fields }));
          setPending(null);
        }}
      />
    );
  }

  return {
    // Several components go at once: the dialog lists them and asks for the topology's name.
    destroyTopology: (environment, topology) => setPending({ kind: 'destroy-topology', environment, topology }),
    refreshTopology: (environment, topology) =>
      ask({
        title: `Refresh ${topology} in ${environment}?`,
        message:
          'Nimbus reads the real objects behind every component and updates its records and outputs to match. Nothing out there is changed.',
        confirmLabel: 'Refresh',
        danger: false,
        operation: `Refresh topology ${topology} in ${environment}`,
        start: () => api.startTopologyRefresh({ environment, topology }),
      }),
    destroyDeployment: (deployment) =>
      ask({
        title: `Destroy ${deployment.label}?`,
        message: `${deployment.label} (${deployment.component}@${deployment.version}) in ${deployment.environment} is destroyed and its allocations are released (refused while other deployments depend on it). This cannot be undone.`,
        confirmLabel: 'Destroy deployment',
        danger: true,
        operation: `Destroy ${deployment.label} in ${deployment.environment}`,
        start: () => api.destroyDeployment({ id: deployment.id }),
      }),
    upgradeDeployment: (deployment) => setPending({ kind: 'upgrade', deployment }),
    checkDrift: (scope) => {
      const environment = 'environment' in scope ? scope.environment : undefined;
      const deployment = 'deployment' in scope ? scope.deployment : undefined;
      const subject = deployment ? deployment.label : `everything in ${environment}`;
      ask({
        title: `Check drift of ${subject}?`,
        message: 'Nimbus compares what it deployed with the real objects and records any difference. Nothing is changed.',
        confirmLabel: 'Check drift',
        danger: false,
        operation: `Check drift of ${subject}`,
        start: () => api.startDriftCheck(deployment ? { deploymentId: deployment.id } : { environment }),
      });
    },
    repairDrift: (deployment, record) => setPending({ kind: 'repair', deployment, record }),
    acceptDrift: (deployment, record) => setPending({ kind: 'accept', deployment, record }),
    dialog,
  };
}
