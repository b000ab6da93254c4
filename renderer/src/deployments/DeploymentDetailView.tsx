import { useCallback, useEffect, useRef, type ReactNode, type RefObject } from 'react';
import { useApi } from '../api/ApiProvider';
import type { DeploymentDetail } from '../api/entities';
import { useApiResource } from '../api/use-api-resource';
import { describeError } from '../toasts/describe-error';
import { DetailBackButton, DetailPlaceholder } from '../ui/DetailPlaceholder';
import { Icon } from '../ui/Icon';
import { Tag } from '../ui/Tag';
import { CmdbItemsTable } from './cmdb/CmdbItemsTable';
import { DriftRecordList } from './cmdb/DriftRecordList';
import { JournalTable } from './JournalTable';
import { OutputsTable } from './OutputsTable';
import { DEPLOYMENT_STATUS_TONE, displayStatus } from './status-tones';
import type { DeploymentActions } from './use-deployment-actions';
import { ValuesTable } from './ValuesTable';
import { PRECISE_TIME } from '../ui/time-format';
import { blockedProps } from '../permissions/blocked-props';
import { useBlockedReason } from '../permissions/PermissionProvider';

const when = (value: string | null) => (value ? PRECISE_TIME.format(new Date(value)) : '—');

export interface DeploymentDetailViewProps {
  id: string;
  /** Changes when a job finished elsewhere on the page, so the details follow. */
  refreshKey: string;
  actions: DeploymentActions;
  onBack(): void;
}

/** One deployed component: status and actions, the values it was deployed with, its outputs, journal, CMDB items and drift. */
export function DeploymentDetailView({ id, refreshKey, actions, onBack }: DeploymentDetailViewProps) {
  const api = useApi();
  const load = useCallback(() => api.getDeployment({ id }), [api, id]);
  const detail = useApiResource(load, null, refreshKey);
  const value = detail.value?.deployment.id === id ? detail.value : null;
  const titleRef = useRef<HTMLHeadingElement>(null);
  const shownId = value?.deployment.id;
  useEffect(() => {
    if (shownId) titleRef.current?.focus();
  }, [shownId]);

  const back = <DetailBackButton label="Deployments" onBack={onBack} testId="deployments-back" />;
  if (!value) {
    return (
      <DetailPlaceholder
        testId="deployment-detail"
        back={back}
        loading={detail.error === null || detail.loading}
        icon="deployments"
        title="Deployment not available"
        missingTestId="deployment-missing"
      >
        {describeError(detail.error).message}
      </DetailPlaceholder>
    );
  }
  return <Detail detail={value} actions={actions} back={back} titleRef={titleRef} />;
}

interface DetailProps {
  detail: DeploymentDetail;
  actions: DeploymentActions;
  back: ReactNode;
  titleRef: RefObject<HTMLHeadingElement | null>;
}

function Detail({ detail, actions, back, titleRef }: DetailProps) {
  const { deployment, journal, cmdb, drift } = detail;
  const gone = deployment.status === 'destroyed';
  const busy = deployment.status === 'deploying' || deployment.status === 'destroying' || deployment.status === 'upgrading';
  const status = displayStatus(deployment);
  const latestDrift = drift[0];
  const driftCheckBlocked = useBlockedReason('startDriftCheck');
  const upgradeBlocked = useBlockedReason('upgradeDeployment');
  const destroyBlocked = useBlockedReason('destroyDeployment');
  const repairBlocked = useBlockedReason('repairDrift');
  const acceptBlocked = useBlockedReason('acceptDrift');
  return (
    <div
      className="detail"
      data-testid="deployment-detail"
      data-id={deployment.id}
      data-status={deployment.status}
      data-drifted={deployment.drifted ? 'true' : 'false'}
    >
      {back}
      <header className="detail__header">
        <div className="detail__heading">
          <h1 ref={titleRef} tabIndex={-1} className="detail__title" data-testid="deployment-detail-name">
            {deployment.label}
          </h1>
          <div className="detail__tags">
            <Tag tone={DEPLOYMENT_STATUS_TONE[status]} testId="deployment-detail-status">
              {status}
            </Tag>
            <Tag tone="accent" mono>
              {deployment.component}@{deployment.version}
            </Tag>
            <Tag tone="teal">{deployment.provider}</Tag>
            <Tag>{deployment.semanticType}</Tag>
          </div>
        </div>
        <div className="detail__actions" role="group" aria-label="Actions">
          <button
            type="button"
            className="button"
            onClick={() => actions.checkDrift({ deployment })}
            data-testid="check-drift"
            {...blockedProps(driftCheckBlocked, { disabled: gone || busy })}
          >
            <Icon name="drift" size={16} />
            Check drift
          </button>
          <button
            type="button"
            className="button"
            onClick={() => actions.upgradeDeployment(deployment)}
            data-testid="upgrade-deployment"
            {...blockedProps(upgradeBlocked, { disabled: gone || busy })}
          >
            <Icon name="upgrade" size={16} />
            Upgrade…
          </button>
          <button
            type="button"
            className="button button--danger"
            onClick={() => actions.destroyDeployment(deployment)}
            data-testid="destroy-deployment"
            {...blockedProps(destroyBlocked, { disabled: gone || busy })}
          >
            <Icon name="trash" size={16} />
            Destroy…
          </button>
        </div>
      </header>
      {status === 'drifted' && latestDrift?.drifted && (
        <div className="banner banner--warning drift-banner" role="status" data-testid="deployment-drift-notice">
          <span className="banner__text">
            Drifted: the real object no longer matches the record (found {PRECISE_TIME.format(new Date(latestDrift.checkedAt))}; see Drift
            below). Repair puts it back as recorded; Accept keeps what was found.
          </span>
          <span className="banner__actions">
            <button
              type="button"
              className="button button--small"
              onClick={() => actions.repairDrift(deployment, latestDrift)}
              data-testid="notice-repair-drift"
              {...blockedProps(repairBlocked)}
            >
              <Icon name="refresh" size={14} />
              Repair…
            </button>
            <button
              type="button"
              className="button button--small"
              onClick={() => actions.acceptDrift(deployment, latestDrift)}
              data-testid="notice-accept-drift"
              {...blockedProps(acceptBlocked)}
            >
              <Icon name="check" size={14} />
              Accept…
            </button>
          </span>
        </div>
      )}
      {deployment.error && (
        <div className="form-error" role="alert" data-testid="deployment-error">
          <strong>Last error ({deployment.error.code}): </strong>
          {deployment.error.message}
        </div>
      )}
      <section className="card" aria-labelledby="deployment-overview-title">
        <h2 id="deployment-overview-title" className="card__title">
          Overview
        </h2>
        <dl className="facts facts--wide">
          <dt>Environment</dt>
          <dd>{deployment.environment}</dd>
          <dt>Topology</dt>
          <dd>
            {deployment.topology} <span className="muted">· node {deployment.nodeId}</span>
          </dd>
          <dt>Pulumi stack</dt>
          <dd className="mono">{deployment.stackName}</dd>
          <dt>Created</dt>
          <dd>{when(deployment.createdAt)}</dd>
          <dt>Deployed</dt>
          <dd>{when(deployment.deployedAt)}</dd>
          <dt>Updated</dt>
          <dd>{when(deployment.updatedAt)}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="deployment-values-title">
        <h2 id="deployment-values-title" className="card__title">
          Values
        </h2>
        <ValuesTable values={deployment.values} caption={`Parameters of ${deployment.label}`} />
      </section>
      <section className="card" aria-labelledby="deployment-outputs-title">
        <h2 id="deployment-outputs-title" className="card__title">
          Outputs
        </h2>
        <OutputsTable
          outputs={deployment.outputs}
          caption={`Outputs of ${deployment.label}`}
          empty={gone ? 'Destroyed; no outputs.' : 'No outputs yet.'}
        />
      </section>
      <section className="card" aria-labelledby="deployment-journal-title">
        <h2 id="deployment-journal-title" className="card__title">
          Journal
        </h2>
        <JournalTable journal={journal} />
      </section>
      <section className="card" aria-labelledby="deployment-cmdb-title">
        <h2 id="deployment-cmdb-title" className="card__title">
          CMDB items
        </h2>
        <CmdbItemsTable items={cmdb} drifted={new Set(status === 'drifted' ? [deployment.id] : [])} />
      </section>
      <section className="card" aria-labelledby="deployment-drift-title">
        <h2 id="deployment-drift-title" className="card__title">
          Drift
        </h2>
        <DriftRecordList
          records={drift}
          actionable={status === 'drifted' ? new Set([deployment.id]) : new Set()}
          onRepair={(record) => actions.repairDrift(deployment, record)}
          onAccept={(record) => actions.acceptDrift(deployment, record)}
        />
      </section>
    </div>
  );
}
