import { useCallback, useState } from 'react';
import type { Environment } from '../../api/entities';
import { useApi } from '../../api/ApiProvider';
import { blockedProps } from '../../permissions/blocked-props';
import { useBlockedReason } from '../../permissions/PermissionProvider';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Tag } from '../../ui/Tag';
import { usePollWhile } from './use-poll-while';

const TONE = { provisioning: 'accent', active: 'teal', failed: 'danger' } as const;

/**
 * An environment's provisioning on its card: provisioning (followed live), active (with *Provision
 * again* after its template changed), or failed with the reason and Retry.
 */
export function ProvisioningStatus({ environment }: { environment: Environment }) {
  const api = useApi();
  const [view, setView] = useState(environment);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const retryBlocked = useBlockedReason('retryEnvironmentProvisioning');
  // A newer copy from the page (after a refresh) replaces what this card last read.
  const [given, setGiven] = useState(environment);
  if (given !== environment) {
    setGiven(environment);
    setView(environment);
  }
  const status = view.status ?? 'active';
  const reload = useCallback(() => {
    api.listEnvironments({}).then(
      (list) => setView((current) => list.find((each) => each.id === current.id) ?? current),
      (failure: Error) => setError(failure.message),
    );
  }, [api]);
  usePollWhile(status === 'provisioning', reload);
  const retry = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.retryEnvironmentProvisioning({ environment: view.name });
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
      reload();
    }
  };
  return (
    <div className="entity-card__block" data-testid="environment-provisioning">
      <p className="card__text">
        <Tag tone={TONE[status]} testId="environment-status">
          {status}
        </Tag>
        {view.systemOf ? ' · system environment of its landing zone' : ''}
      </p>
      {status === 'active' && view.provisioningJobId !== null && !view.systemOf && (
        <button
          type="button"
          className="button button--small"
          data-testid="reprovision"
          {...blockedProps(retryBlocked, { disabled: busy, title: "Deploy the template's mandatory components as they are now" })}
          onClick={() => setConfirming(true)}
        >
          Provision again…
        </button>
      )}
      {confirming && (
        <ConfirmDialog
          title={`Provision ${view.name} again?`}
          message="Its template's mandatory components are deployed as the template gives them now: components the template gained are created, changed default parameters applied. Components the template dropped stay deployed (destroy them on the Deployments page). Deploys into the environment wait until it is active again."
          confirmLabel="Provision again"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void retry();
          }}
        />
      )}
      {status === 'failed' && !view.systemOf && (
        <>
          <p className="form-error" data-testid="environment-status-reason">
            {view.statusReason ?? 'Provisioning failed'}
          </p>
          <button
            type="button"
            className="button button--small"
            data-testid="retry-provisioning"
            {...blockedProps(retryBlocked, { disabled: busy })}
            onClick={() => void retry()}
          >
            Retry provisioning
          </button>
        </>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
