import { useRef, useState, type ReactNode } from 'react';
import { notifyAwaitingApproval } from '../../approvals/notify-awaiting-approval';
import { useApi } from '../../api/ApiProvider';
import { destroyItems } from '../../deployments/destroy/destroy-confirmation';
import { DestroyDialog } from '../../deployments/destroy/DestroyDialog';
import { asDeploymentRun } from '../../deployments/job-results';
import { describeOutcomes } from '../../deployments/run/outcomes';
import { isRunning } from '../../deployments/wizard/use-deploy-wizard';
import { useJobTracker } from '../../jobs/use-job-tracker';
import { useNotifier } from '../../toasts/ToastProvider';
import type { PlannerPlan } from '../overlay/use-planner-plan';

export interface PlannerDestroy {
  /** Something of the open topology is deployed in the planner's environment, and no destroy of it runs. */
  canDestroy: boolean;
  open(): void;
  /** The confirmation, while it is open. */
  dialog: ReactNode;
}

/**
 * Destroying, from the planner, what the open topology has deployed in the planner's environment: the
 * same confirmation as the Deployments page (what goes, by name and type; the name typed when several
 * go), then a job whose end is a toast and fresh badges on the canvas.
 */
export function usePlannerDestroy(plan: PlannerPlan, topology: string | null): PlannerDestroy {
  const api = useApi();
  const notifier = useNotifier();
  const [asking, setAsking] = useState<{ environment: string; topology: string } | null>(null);
  // What the running destroy is about, for the toast at its end.
  const running = useRef('');
  const job = useJobTracker({
    onFinished: ({ job: finished }) => {
      plan.refresh();
      if (!finished) return;
      const run = asDeploymentRun(finished.result);
      if (finished.status === 'succeeded') notifier.success(`Destroyed ${running.current}`, run ? describeOutcomes(run) : '');
      else
        notifier.error(
          `Destroy ${running.current}: ${finished.status}`,
          finished.error ?? { code: finished.status, message: run ? describeOutcomes(run) : `The destroy was ${finished.status}.` },
        );
    },
  });
  const deployed = plan.runtime?.deployments.some((deployment) => deployment.status !== 'destroyed') ?? false;
  const canDestroy = topology !== null && plan.environment !== null && deployed && !isRunning(job.snapshot);

  let dialog: ReactNode = null;
  if (asking) {
    const target = asking;
    const where = `${target.topology} in ${target.environment}`;
    dialog = (
      <DestroyDialog
        title={`Destroy ${where}?`}
        message={`Every component of ${target.topology} deployed in ${target.environment} is destroyed, dependents first, and the addresses and names it used are released. The topology itself stays. This cannot be undone.`}
        name={target.topology}
        noun="topology"
        confirmLabel="Destroy topology"
        load={() => api.listDeployments(target).then(destroyItems)}
        onCancel={() => setAsking(null)}
        onConfirm={() => {
          setAsking(null);
          running.current = where;
          notifier.show({
            kind: 'info',
            title: `Destroying ${where}`,
            message: 'The canvas shows each component as it goes; the Deployments page has the details.',
          });
          job.tracker
            .start(() => api.startTopologyDestroy(target))
            .then(
              () => plan.refresh(),
              (error: unknown) => {
                if (!notifyAwaitingApproval(notifier, `Destroy of ${where}`, error)) notifier.error(`Could not destroy ${where}`, error);
              },
            );
        }}
      />
    );
  }
  return {
    canDestroy,
    open: () => {
      if (canDestroy && topology !== null && plan.environment !== null) setAsking({ environment: plan.environment, topology });
    },
    dialog,
  };
}
