import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { DialogFrame } from '../../ui/DialogFrame';
import { Icon } from '../../ui/Icon';
import { countPlan, deployButtonLabel } from '../plan-summary';
import { deployNeedsTypedName, typedNameMatches } from '../destroy/destroy-confirmation';
import { reduceJobRun } from '../run/node-runs';
import { RunProgress } from '../run/RunProgress';
import { ConfirmStep } from './ConfirmStep';
import { EnvironmentStep } from './EnvironmentStep';
import { ParametersStep } from './ParametersStep';
import { PreviewStep } from './PreviewStep';
import { ResultStep } from './ResultStep';
import { SaveFirstNotice } from './SaveFirstNotice';
import { useDeployWizard } from './use-deploy-wizard';
import { WIZARD_STEPS, type WizardStep } from './wizard-steps';
import { WizardSteps } from './WizardSteps';
import { blockedProps } from '../../permissions/blocked-props';
import { useBlockedReason } from '../../permissions/PermissionProvider';
// Cost estimates.
import { WizardCost } from '../../cost/WizardCost';

export interface DeployWizardProps {
  /** The saved topology being deployed. */
  topology: { id: string; name: string };
  /** The environment chosen in the planner, chosen here first when it exists. */
  environment?: string | null;
  /** The canvas has unsaved changes: the wizard asks for a save before anything else. */
  dirty: boolean;
  saving: boolean;
  onSave(): Promise<void>;
  onClose(): void;
  onOpenEnvironments(): void;
  onOpenDeployments(): void;
  /** An environment was created from the wizard (the local sandbox), so the planner can choose it too. */
  onEnvironmentCreated?(name: string): void;
}

const STEP_TITLES: Record<WizardStep, string> = {
  environment: 'Choose the environment',
  parameters: 'Check the resolved parameters',
  preview: 'Preview the changes',
  confirm: 'Confirm',
  progress: 'Deploying',
  result: 'Result',
};

/**
 * Deploying a saved topology, step by step: environment → resolved parameters → preview diff → confirm
 * → live progress → result. Escape closes it only when no job runs; otherwise it asks, since closing
 * leaves a deployment running with no one watching here. The result step opens by itself when the
 * deployment ends; Back from there shows the progress and its logs again.
 */
export function DeployWizard({
  topology,
  environment,
  dirty,
  saving,
  onSave,
  onClose,
  onOpenEnvironments,
  onOpenDeployments,
  onEnvironmentCreated,
}: DeployWizardProps) {
  const wizard = useDeployWizard(topology, environment ?? null);
  const { step, setStep } = wizard;
  const [asking, setAsking] = useState<'close' | 'cancel' | null>(null);
  const cancelBlocked = useBlockedReason('cancelJob');
  const [typedName, setTypedName] = useState('');
  const deployView = useMemo(() => reduceJobRun(wizard.deploy.events, wizard.seed), [wizard.deploy.events, wizard.seed]);

  // The job ended (its record is read, or reading it failed after the last event): show the result,
  // once per job, so going back to the progress afterwards stays there.
  const resultShownFor = useRef<string | null>(null);
  const deployJobId = wizard.deploy.jobId;
  const deployEnded = wizard.deploy.job !== null || (deployView.finished !== null && wizard.deploy.syncError !== null);
  useEffect(() => {
    if (step !== 'progress' || !deployEnded || deployJobId === null || resultShownFor.current === deployJobId) return;
    resultShownFor.current = deployJobId;
    setStep('result');
  }, [step, deployEnded, deployJobId, setStep]);

  // Each step starts at its title, so keyboard and screen reader users land on the new content.
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    titleRef.current?.focus();
  }, [step]);

  const requestClose = () => (wizard.busy ? setAsking('close') : onClose());
  const close = () => {
    wizard.dropPreview();
    onClose();
  };

  const next = (label: string, onClick: () => void, enabled = true, testId = 'deploy-next') => (
    <button type="button" className="button button--primary" onClick={onClick} disabled={!enabled} data-testid={testId}>
      {label}
    </button>
  );
  const back = (to: WizardStep, before?: () => void) => (
    <button
      type="button"
      className="button"
      onClick={() => {
        before?.();
        wizard.setStep(to);
      }}
      data-testid="deploy-back"
    >
      <Icon name="back" size={14} />
      Back
    </button>
  );

  let body: ReactNode;
  let actions: ReactNode;
  switch (step) {
    case 'environment':
      body = (
        <>
          {dirty && <SaveFirstNotice saving={saving} onSave={() => void onSave()} />}
          <EnvironmentStep
            environments={wizard.environments.value}
            value={wizard.environment}
            onChange={wizard.chooseEnvironment}
            onOpenEnvironments={onOpenEnvironments}
            onSandboxReady={(name) => {
              wizard.environmentCreated(name);
              onEnvironmentCreated?.(name);
            }}
          />
        </>
      );
      actions = next('Next: parameters', () => wizard.setStep('parameters'), !dirty && wizard.environment !== null);
      break;
    case 'parameters': {
      const ready = !wizard.plan.loading && wizard.plan.value?.valid === true && wizard.plan.value.nodes.length > 0;
      body = <ParametersStep plan={wizard.plan} onRetry={wizard.retryPlan} />;
      actions = (
        <>
          {back('environment')}
          {next('Next: preview', wizard.startPreview, ready)}
        </>
      );
      break;
    }
    case 'preview':
      body = <PreviewStep preview={wizard.preview} seed={wizard.seed} onRetry={wizard.startPreview} />;
      actions = (
        <>
          {back('parameters', wizard.dropPreview)}
          {next('Next: confirm', () => wizard.setStep('confirm'), wizard.previewPlan !== null)}
        </>
      );
      break;
    case 'confirm': {
      const plan = wizard.previewPlan;
      body = plan ? (
        <ConfirmStep
          plan={plan}
          topology={topology.name}
          environment={wizard.environment ?? ''}
          startError={wizard.deploy.startError}
          typedName={typedName}
          onTypedNameChange={setTypedName}
          awaitedApproval={wizard.awaitedApproval}
          onOpenApproval={onClose}
        />
      ) : null;
      const named = plan !== null && (!deployNeedsTypedName(countPlan(plan)) || typedNameMatches(typedName, topology.name));
      // While the deploy waits for approvers, asking again only names the same request.
      const waiting = wizard.awaitedApproval !== null && (wizard.awaitedApproval.request?.status ?? 'pending') === 'pending';
      actions = (
        <>
          {back('preview')}
          {plan &&
            next(deployButtonLabel(countPlan(plan)), wizard.startDeploy, !wizard.deploy.starting && named && !waiting, 'deploy-confirm')}
        </>
      );
      break;
    }
    case 'progress': {
      const finished = wizard.deploy.job !== null;
      body = <RunProgress view={deployView} status={wizard.deploy.status} label="Deployment progress" />;
      actions = finished ? (
        next('See the result', () => wizard.setStep('result'), true, 'deploy-see-result')
      ) : (
        <button
          type="button"
          className="button button--danger"
          onClick={() => setAsking('cancel')}
          data-testid="deploy-cancel-job"
          {...blockedProps(cancelBlocked, { disabled: wizard.deploy.jobId === null })}
        >
          <Icon name="stop" size={14} />
          Cancel deployment
        </button>
      );
      break;
    }
    case 'result':
      body = <ResultStep deploy={wizard.deploy} view={deployView} onRetrySync={wizard.retryDeploySync} />;
      actions = (
        <>
          <button type="button" className="button" onClick={() => setStep('progress')} data-testid="deploy-show-progress">
            <Icon name="back" size={14} />
            Progress and logs
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              onClose();
              onOpenDeployments();
            }}
            data-testid="deploy-open-deployments"
          >
            Open Deployments
          </button>
          {next('Done', onClose, true, 'deploy-done')}
        </>
      );
      break;
  }

  const stepNumber = WIZARD_STEPS.findIndex((entry) => entry.id === step) + 1;
  return (
    <DialogFrame name="deploy-wizard" title={`Deploy ${topology.name}`} large onCancel={requestClose}>
      <div className="wizard" data-testid="deploy-wizard" data-step={step}>
        <WizardSteps current={step} />
        <section className="wizard__body" aria-labelledby="deploy-step-title" data-testid={`deploy-step-${step}`}>
          <h3 id="deploy-step-title" ref={titleRef} tabIndex={-1} className="wizard__step-title">
            <span className="visually-hidden">
              Step {stepNumber} of {WIZARD_STEPS.length}:{' '}
            </span>
            {STEP_TITLES[step]}
            {wizard.environment && step !== 'environment' && <span className="wizard__target"> · {wizard.environment}</span>}
          </h3>
          {body}
        </section>
        <footer className="wizard__footer">
          <button type="button" className="button button--ghost" onClick={requestClose} data-testid="deploy-close">
            Close
          </button>
          {wizard.environment && <WizardCost topologyId={topology.id} environment={wizard.environment} />}
          <span className="wizard__spacer" />
          {actions}
        </footer>
      </div>
      {asking === 'close' && (
        <ConfirmDialog
          title={wizard.deployRunning ? 'Close while the deployment runs?' : 'Stop the preview?'}
          message={
            wizard.deployRunning
              ? 'The deployment keeps running in the engine. Follow it and see its outcome on the Deployments page.'
              : 'The preview is still running; closing stops it. Nothing has been deployed.'
          }
          confirmLabel={wizard.deployRunning ? 'Close and keep deploying' : 'Stop and close'}
          onCancel={() => setAsking(null)}
          onConfirm={() => {
            setAsking(null);
            close();
          }}
        />
      )}
      {asking === 'cancel' && (
        <ConfirmDialog
          title="Cancel the deployment?"
          message="Components already deployed stay deployed; the ones running now are stopped and rolled back, and the rest are skipped. You can destroy or deploy again afterwards."
          confirmLabel="Cancel deployment"
          danger
          onCancel={() => setAsking(null)}
          onConfirm={() => {
            setAsking(null);
            void wizard.cancelDeploy();
          }}
        />
      )}
    </DialogFrame>
  );
}
