import { useCallback, useEffect, useState, type ChangeEvent } from 'react';
import type { MethodOutput } from '../../../../engine/api/contract';
import { useApi } from '../../api/ApiProvider';
import { blockedProps } from '../../permissions/blocked-props';
import { useBlockedReason } from '../../permissions/PermissionProvider';
import { Tag } from '../../ui/Tag';
import { ServicesFromTopologyDialog } from './ServicesFromTopologyDialog';
import { usePollWhile } from './use-poll-while';

type Services = MethodOutput<'getLandingZoneServices'>;

const TONE = { draft: 'violet', publishing: 'accent', published: 'teal', failed: 'danger' } as const;

/**
 * A landing zone's system services on its card: the publish status (with the reason of a failure),
 * the services' nodes, set from a topology designed in the planner or from a file, and Publish /
 * Retry with live progress.
 */
export function SystemServices({ landingZone }: { landingZone: string }) {
  const api = useApi();
  const [view, setView] = useState<Services | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [choosing, setChoosing] = useState(false);
  const setBlocked = useBlockedReason('setLandingZoneServices');
  const publishBlocked = useBlockedReason('publishLandingZone');
  const reload = useCallback(() => {
    api.getLandingZoneServices({ landingZone }).then(setView, (failure: Error) => setError(failure.message));
  }, [api, landingZone]);
  useEffect(reload, [reload]);
  usePollWhile(view?.status === 'publishing', reload);

  const act = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
      reload();
    }
  };
  const importFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) void act(async () => api.setLandingZoneServices({ landingZone, text: await file.text() }));
  };

  if (!view) return error ? <p className="form-error">{error}</p> : null;
  const canPublish = view.status !== 'publishing' && (view.servicesRevision > 0 || view.publishedRevision !== null);
  return (
    <div className="entity-card__block" data-testid="system-services">
      <h4 className="entity-card__label">
        System services{' '}
        <Tag tone={TONE[view.status]} testId="landing-zone-status">
          {view.status}
        </Tag>
      </h4>
      {view.statusReason && (
        <p className="form-error" data-testid="landing-zone-status-reason">
          {view.statusReason}
        </p>
      )}
      {view.services.nodes.length === 0 ? (
        <p className="card__text" data-testid="system-services-empty">
          No system services. Design them as a topology in the planner (this zone's provider only), then use it here, or import a topology
          file.
        </p>
      ) : (
        <ul className="chip-list" data-testid="system-service-nodes">
          {view.services.nodes.map((node) => (
            <li key={node.id}>
              <Tag tone="teal" title={node.component}>
                {node.label}
              </Tag>
            </li>
          ))}
        </ul>
      )}
      <p className="card__text muted">
        {view.systemEnvironment ? `Deployed into ${view.systemEnvironment}` : 'Deployed into <zone>-system, made on the first publish'}
        {view.unpublishedChanges ? ' · unpublished changes' : ''}
      </p>
      <div className="entity-card__actions">
        <button
          type="button"
          className="button button--small"
          data-testid="system-services-from-topology"
          onClick={() => setChoosing(true)}
          {...blockedProps(setBlocked, { disabled: busy || view.status === 'publishing' })}
        >
          Use a topology…
        </button>
        <label className="button button--small">
          Import services…
          <input
            type="file"
            accept=".yaml,.yml,.json"
            className="visually-hidden"
            data-testid="import-system-services"
            disabled={busy || view.status === 'publishing' || setBlocked !== null}
            onChange={importFile}
          />
        </label>
        <button
          type="button"
          className="button button--small button--primary"
          data-testid="publish-landing-zone"
          {...blockedProps(publishBlocked, { disabled: busy || !canPublish })}
          onClick={() => void act(() => api.publishLandingZone({ landingZone }))}
        >
          {view.status === 'failed' ? 'Retry publish' : view.status === 'publishing' ? 'Publishing…' : 'Publish'}
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert" data-testid="system-services-error">
          {error}
        </p>
      )}
      {choosing && (
        <ServicesFromTopologyDialog
          landingZone={landingZone}
          onCancel={() => setChoosing(false)}
          onSet={() => {
            setChoosing(false);
            reload();
          }}
        />
      )}
    </div>
  );
}
