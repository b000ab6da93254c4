import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { OutputsTable } from '../deployments/OutputsTable';
import { StateMachineDiagram } from '../stacks/diagram/StateMachineDiagram';
import { describeError } from '../toasts/describe-error';
import { DetailBackButton, DetailPlaceholder } from '../ui/DetailPlaceholder';
import { Icon } from '../ui/Icon';
import { Tag } from '../ui/Tag';
import { EventLogTable } from './EventLogTable';
import { HistoryTable } from './HistoryTable';
import { InstanceActivity } from './InstanceActivity';
import type { StackInstanceDetail } from './instance-entities';
import { ActivityText, InstanceStateTags } from './InstanceStateTags';
import { OperationsList } from './OperationsList';
import { operationViews, requiredStatesHint, workflowStates } from './operation-view';
import { SlotDeployments } from './SlotDeployments';
import type { InstanceActions } from './use-instance-actions';
import type { InstanceDetailData } from './use-instance-detail';
import { PRECISE_TIME } from '../ui/time-format';
import { blockedProps } from '../permissions/blocked-props';
import { useBlockedReason } from '../permissions/PermissionProvider';

export interface InstanceDetailViewProps {
  id: string;
  data: InstanceDetailData;
  actions: InstanceActions;
  onBack(): void;
}

/** One stack instance: where its state machine is, what runs, its history, day-2 operations, outputs, slots and events. */
export function InstanceDetailView({ id, data, actions, onBack }: InstanceDetailViewProps) {
  const { detail } = data;
  const value = detail.value?.instance.id === id ? detail.value : null;
  const back = <DetailBackButton label="Stack instances" onBack={onBack} testId="instances-back" />;
  if (!value) {
    return (
      <DetailPlaceholder
        testId="instance-detail"
        back={back}
        loading={detail.error === null || detail.loading}
        icon="instances"
        title="Instance not available"
        missingTestId="instance-missing"
      >
        {describeError(detail.error).message}
      </DetailPlaceholder>
    );
  }
  return <Detail detail={value} data={data} actions={actions} back={back} />;
}

interface DetailProps {
  detail: StackInstanceDetail;
  data: InstanceDetailData;
  actions: InstanceActions;
  back: ReactNode;
}

function Detail({ detail, data, actions, back }: DetailProps) {
  const { instance, document, history } = detail;
  const busy = instance.status === 'running';
  const eventBlocked = useBlockedReason('emitEvent');
  const upgradeBlocked = useBlockedReason('upgradeStackInstance');
  const destroyBlocked = useBlockedReason('destroyStackInstance');
  const operations = useMemo(() => operationViews(detail.operations, document), [detail.operations, document]);
  /** A lifecycle button is enabled only in the states its workflow runs from, and says which when not. */
  const gate = (label: string, workflow: string) => {
    const from = workflowStates(document, workflow);
    const allowed = from.includes(instance.state);
    return { disabled: busy || !allowed, title: allowed ? undefined : `${label}: ${requiredStatesHint(from).toLowerCase()}` };
  };
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => titleRef.current?.focus(), [instance.id]);
  // Polling can fail for a moment (a reconnect); the last good data stays, with a note.
  const stale = data.detail.error !== null && !data.detail.loading;

  return (
    <div
      className="detail"
      data-testid="instance-detail"
      data-id={instance.id}
      data-name={instance.name}
      data-state={instance.state}
      data-status={instance.status}
    >
      {back}
      <header className="detail__header">
        <div className="detail__heading">
          <h1 ref={titleRef} tabIndex={-1} className="detail__title" data-testid="instance-detail-name">
            {instance.name}
          </h1>
          <div className="detail__tags">
            <InstanceStateTags instance={instance} />
            <Tag tone="accent" mono testId="instance-detail-stack">
              {instance.stack}@{instance.version}
            </Tag>
            <Tag tone="teal">{instance.environment}</Tag>
          </div>
        </div>
        <div className="detail__actions" role="group" aria-label="Actions">
          <button
            type="button"
            className="button"
            onClick={() => actions.sendEvent(instance)}
            data-testid="send-event"
            {...blockedProps(eventBlocked)}
          >
            <Icon name="publish" size={16} />
            Send event…
          </button>
          <button
            type="button"
            className="button"
            onClick={() => actions.upgrade(instance)}
            {...blockedProps(upgradeBlocked, gate('Upgrade', 'upgrade'))}
            data-testid="upgrade-instance"
          >
            <Icon name="upgrade" size={16} />
            Upgrade…
          </button>
          <button
            type="button"
            className="button button--danger"
            onClick={() => actions.destroy(instance)}
            {...blockedProps(destroyBlocked, gate('Destroy', 'destroy'))}
            data-testid="destroy-instance"
          >
            <Icon name="trash" size={16} />
            Destroy…
          </button>
        </div>
      </header>
      {stale && (
        <div className="banner banner--warning" role="status">
          <div className="banner__text">
            Could not read the instance again: {describeError(data.detail.error).message}. Showing what was last read.
          </div>
        </div>
      )}
      {instance.lastError && (
        <div className="form-error" role="alert" data-testid="instance-last-error">
          <strong>Last error: </strong>
          {instance.lastError}
        </div>
      )}
      <div className="instance-overview">
        <section className="card instance-overview__diagram" aria-labelledby="instance-machine-title">
          <h2 id="instance-machine-title" className="card__title">
            State machine
          </h2>
          <StateMachineDiagram machine={document.stateMachine} current={instance.state} busy={busy} />
        </section>
        <section className="card" aria-labelledby="instance-status-title">
          <h2 id="instance-status-title" className="card__title">
            Status
          </h2>
          <dl className="facts">
            <dt>State</dt>
            <dd className="mono" data-testid="instance-detail-state">
              {instance.state}
            </dd>
            <dt>Status</dt>
            <dd>{instance.status}</dd>
            <dt>Activity</dt>
            <dd>
              <ActivityText activity={instance.activity} />
            </dd>
            {instance.activity?.deadline && (
              <>
                <dt>Deadline</dt>
                <dd>{PRECISE_TIME.format(new Date(instance.activity.deadline))}</dd>
              </>
            )}
            <dt>Created</dt>
            <dd>{PRECISE_TIME.format(new Date(instance.createdAt))}</dd>
            <dt>Updated</dt>
            <dd>{PRECISE_TIME.format(new Date(instance.updatedAt))}</dd>
          </dl>
          <h3 className="card__subtitle">Parameters</h3>
          <OutputsTable outputs={instance.params} caption={`Parameters of ${instance.name}`} empty="No parameters." />
        </section>
      </div>
      <section className="card" aria-labelledby="instance-activity-title">
        <h2 id="instance-activity-title" className="card__title">
          Activity
        </h2>
        <InstanceActivity key={instance.id} instance={instance} onConfirm={() => actions.confirm(instance)} />
      </section>
      <section className="card" aria-labelledby="instance-operations-title">
        <header className="section-header">
          <h2 id="instance-operations-title" className="card__title">
            Day-2 operations
          </h2>
        </header>
        <OperationsList operations={operations} busy={busy} onRun={(name) => actions.runOperation(instance, operations, name)} />
      </section>
      <section className="card" aria-labelledby="instance-history-title">
        <h2 id="instance-history-title" className="card__title">
          State history
        </h2>
        <HistoryTable history={history} />
      </section>
      <div className="instance-columns">
        <section className="card" aria-labelledby="instance-outputs-title">
          <h2 id="instance-outputs-title" className="card__title">
            Outputs
          </h2>
          <OutputsTable outputs={instance.outputs} caption={`Outputs of ${instance.name}`} empty="No outputs yet." />
        </section>
        <section className="card" aria-labelledby="instance-slots-title">
          <h2 id="instance-slots-title" className="card__title">
            Slots
          </h2>
          <SlotDeployments slots={document.slots} deployments={data.deployments.value} />
        </section>
      </div>
      <section className="card" aria-labelledby="instance-events-title">
        <header className="section-header">
          <h2 id="instance-events-title" className="card__title">
            Event log
          </h2>
          <span className="muted">Refreshes every few seconds</span>
        </header>
        {data.events.value === null ? (
          <div className="page__loading">Loading…</div>
        ) : (
          <EventLogTable events={data.events.value} instanceId={instance.id} />
        )}
      </section>
    </div>
  );
}
