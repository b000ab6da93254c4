import { useCallback, useMemo, useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import { useApiResource } from '../../api/use-api-resource';
import { pendingRequestId } from '../../approvals/approval-model';
import { useAwaitedApproval } from '../../approvals/use-awaited-approval';
import type { JobSnapshot } from '../../jobs/job-tracker';
import { useJobTracker } from '../../jobs/use-job-tracker';
import { nodesInWaveOrder } from '../../planner/plan/value-sources';
import { useNotifier } from '../../toasts/ToastProvider';
import { asDeploymentPlan, asDeploymentRun } from '../job-results';
import { describeOutcomes } from '../run/outcomes';
import type { WizardStep } from './wizard-steps';

/** A job that was asked for and has not finished (its record with the result is not read yet). */
export const isRunning = (snapshot: JobSnapshot): boolean => snapshot.starting || (snapshot.jobId !== null && snapshot.job === null);

/**
 * The deploy wizard's state and moves: which step, which environment, the resolved plan, the preview
 * job and the deploy job. Screens render from it; nothing here renders. `initialEnvironment` (the
 * planner's) is chosen first when it exists.
 */
export function useDeployWizard(topology: { id: string; name: string }, initialEnvironment: string | null = null) {
  const api = useApi();
  const notifier = useNotifier();
  const [step, setStep] = useState<WizardStep>('environment');

  const loadEnvironments = useCallback(() => api.listEnvironments({}), [api]);
  const [environmentLoads, setEnvironmentLoads] = useState(0);
  const environments = useApiResource(loadEnvironments, 'Could not list environments', environmentLoads);
  const [chosen, setChosen] = useState<string | null>(initialEnvironment);
  const names = environments.value?.map((entry) => entry.name) ?? [];
  const environment = chosen !== null && names.includes(chosen) ? chosen : (names[0] ?? null);

  const [planRetries, setPlanRetries] = useState(0);
  const loadPlan = useCallback(
    () => api.planTopology({ id: topology.id, environment: environment ?? '' }),
    [api, topology.id, environment],
  );
  const plan = useApiResource(step === 'parameters' && environment ? loadPlan : null, null, planRetries);

  const preview = useJobTracker();
  const deploy = useJobTracker({
    onFinished: ({ job }) => {
      if (!job) return;
      const run = asDeploymentRun(job.result);
      const where = `${topology.name} → ${environment ?? 'the environment'}`;
      if (job.status === 'succeeded') notifier.success(`Deployed ${where}`, run ? describeOutcomes(run) : '');
      else if (job.status === 'cancelled')
        notifier.show({ kind: 'info', title: `Deployment cancelled: ${where}`, message: run ? describeOutcomes(run) : '' });
      else
        notifier.error(
          `Deployment failed: ${where}`,
          job.error ?? { code: job.status, message: run ? describeOutcomes(run) : `The deployment was ${job.status}.` },
        );
    },
  });

  const previewPlan = preview.snapshot.job ? asDeploymentPlan(preview.snapshot.job.result) : null;
  const planNodes = plan.value?.nodes;
  const planGroups = plan.value?.groups;
  // Rows appear in wave order from the start, as "waiting", before the engine reports on them.
  const seed = useMemo(
    () =>
      (previewPlan?.nodes ?? (planNodes && planGroups ? nodesInWaveOrder(planGroups, planNodes) : [])).map(({ nodeId, label }) => ({
        nodeId,
        label,
      })),
    [previewPlan, planNodes, planGroups],
  );

  const target = useCallback(() => ({ environment: environment ?? '', topologyId: topology.id }), [environment, topology.id]);

  const startPreview = useCallback(() => {
    setStep('preview');
    // A failure to start is kept in the snapshot and shown by the step.
    preview.tracker.start(() => api.previewDeployment(target())).catch(() => undefined);
  }, [api, preview.tracker, target]);

  /** Leaving the preview drops it; a preview still running is asked to stop (it changes nothing either way). */
  const dropPreview = useCallback(() => {
    if (isRunning(preview.tracker.getSnapshot())) preview.tracker.cancel().catch(() => undefined);
    preview.tracker.reset();
  }, [preview.tracker]);

  const startDeploy = useCallback(() => {
    setStep('progress');
    deploy.tracker.start(() => api.startDeployment(target())).catch(() => setStep('confirm'));
  }, [api, deploy.tracker, target]);

  // A deploy refused with approval_pending waits as a request; once approvers let it start, the
  // wizard follows the job the approval started, as if the deploy had started here.
  const awaitedId = pendingRequestId(deploy.snapshot.startError);
  const onApproved = useCallback(
    (jobId: string) => {
      setStep('progress');
      void deploy.tracker.attach(jobId);
    },
    [deploy.tracker],
  );
  const awaited = useAwaitedApproval(awaitedId, onApproved);

  const cancelDeploy = useCallback(async () => {
    try {
      await deploy.tracker.cancel();
    } catch (error) {
      notifier.error('Could not cancel the deployment', error);
    }
  }, [deploy.tracker, notifier]);

  return {
    step,
    setStep,
    environments,
    environment,
    chooseEnvironment: setChosen,
    /** Reads the environments again (after one was created from the wizard) and chooses `name`. */
    environmentCreated: (name: string) => {
      setChosen(name);
      setEnvironmentLoads((count) => count + 1);
    },
    plan,
    retryPlan: () => setPlanRetries((count) => count + 1),
    preview: preview.snapshot,
    previewPlan,
    startPreview,
    dropPreview,
    deploy: deploy.snapshot,
    /** The approval request the deploy waits on, and the request as last read. */
    awaitedApproval: awaitedId === null ? null : { id: awaitedId, request: awaited },
    startDeploy,
    cancelDeploy,
    retryDeploySync: () => void deploy.tracker.sync(),
    seed,
    /** A job of this wizard is still running, so closing needs a second thought. */
    busy: isRunning(preview.snapshot) || isRunning(deploy.snapshot),
    deployRunning: isRunning(deploy.snapshot),
  };
}
