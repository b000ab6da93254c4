import type { Environment } from '../api/entities';
import { useApi } from '../api/ApiProvider';
import { EntityActions } from './manage/EntityActions';
import { Tag } from '../ui/Tag';
import { EffectiveConfig } from './EffectiveConfig';
import { ProvisioningStatus } from './bootstrap/ProvisioningStatus';

/** An environment: where it deploys, and the resolver settings its plans use. */
export function EnvironmentCard({ environment, onChanged }: { environment: Environment; onChanged?: () => void }) {
  const api = useApi();
  return (
    <article
      className="card entity-card"
      data-testid="environment-card"
      data-name={environment.name}
      aria-labelledby={`environment-${environment.id}`}
    >
      <header className="entity-card__header">
        <h3 id={`environment-${environment.id}`} className="entity-card__title">
          {environment.name}
        </h3>
        <Tag tone="accent">{environment.provider}</Tag>
        <span className="entity-card__spacer" />
        {onChanged && (
          <EntityActions
            kind="environment"
            testId="environment"
            name={environment.name}
            updateMethod="updateEnvironment"
            deleteMethod="deleteEnvironment"
            deleteNote="An environment that deployments, deployed topologies, stack instances or leases still use is not deleted: destroy those first."
            rename={(name) => api.updateEnvironment({ environment: environment.id, name })}
            remove={() => api.deleteEnvironment({ environment: environment.id })}
            onChanged={onChanged}
          />
        )}
      </header>
      <p className="card__text entity-card__lineage">
        Landing zone <Tag tone="teal">{environment.landingZone}</Tag>
        {environment.template ? (
          <>
            {' '}
            · template <Tag tone="violet">{environment.template}</Tag>
          </>
        ) : (
          ' · no template'
        )}
      </p>
      {environment.mandatoryComponents.length > 0 && (
        <p className="card__text">
          Must include: <span className="mono">{environment.mandatoryComponents.join(', ')}</span>
        </p>
      )}
      <ProvisioningStatus environment={environment} />
      <EffectiveConfig effective={environment.effective} />
    </article>
  );
}
