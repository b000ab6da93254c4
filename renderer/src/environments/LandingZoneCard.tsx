import type { LandingZone } from '../api/entities';
import { useApi } from '../api/ApiProvider';
import { EntityActions } from './manage/EntityActions';
import { formatValue } from '../ui/format-value';
import { Tag } from '../ui/Tag';
import { configLabel, flattenConfig } from './config-sources';
import { RateCardPanel } from '../cost/RateCardPanel';
import { CloudAccountSection } from './CloudAccountSection';
import { SystemServices } from './bootstrap/SystemServices';

/** A landing zone: its provider, the resolver settings it gives its environments, and its templates. */
export function LandingZoneCard({
  zone,
  environmentCount,
  onChanged,
}: {
  zone: LandingZone;
  environmentCount: number;
  onChanged?: () => void;
}) {
  const api = useApi();
  const settings = flattenConfig(zone.resolverConfig);
  return (
    <article className="card entity-card" data-testid="landing-zone-card" data-name={zone.name} aria-labelledby={`zone-${zone.id}`}>
      <header className="entity-card__header">
        <h3 id={`zone-${zone.id}`} className="entity-card__title">
          {zone.name}
        </h3>
        <Tag tone="accent" testId="landing-zone-provider">
          {zone.provider}
        </Tag>
        <span className="entity-card__spacer" />
        <span className="muted">
          {environmentCount} {environmentCount === 1 ? 'environment' : 'environments'}
        </span>
        {onChanged && (
          <EntityActions
            kind="landing zone"
            testId="landing-zone"
            name={zone.name}
            updateMethod="updateLandingZone"
            deleteMethod="deleteLandingZone"
            deleteNote="Its templates go with it. A landing zone that still has environments is not deleted: delete them first."
            rename={(name) => api.updateLandingZone({ landingZone: zone.id, name })}
            remove={() => api.deleteLandingZone({ landingZone: zone.id })}
            onChanged={onChanged}
          />
        )}
      </header>
      {zone.description && <p className="card__text">{zone.description}</p>}
      <div className="entity-card__block">
        <h4 className="entity-card__label">Resolver settings</h4>
        {settings.length === 0 ? (
          <p className="card__text">Nimbus defaults for everything.</p>
        ) : (
          <dl className="setting-list" data-testid="landing-zone-settings">
            {settings.map(([key, value]) => (
              <div key={key} className="setting-list__item">
                <dt>{configLabel(key)}</dt>
                <dd className="mono">{formatValue(value)}</dd>
              </div>
            ))}
          </dl>
        )}
      </div>
      <div className="entity-card__block">
        <h4 className="entity-card__label">Templates</h4>
        {zone.templates.length === 0 ? (
          <p className="card__text">No templates; environments use the zone's settings directly.</p>
        ) : (
          <ul className="chip-list" data-testid="landing-zone-templates">
            {zone.templates.map((template) => {
              const overrides = flattenConfig(template.resolverOverrides).map(
                ([key, value]) => `${configLabel(key)}: ${formatValue(value)}`,
              );
              const mandatory = template.mandatoryComponents.length > 0 ? [`Requires ${template.mandatoryComponents.join(', ')}`] : [];
              return (
                <li key={template.id}>
                  <Tag tone="violet" title={[...overrides, ...mandatory].join('\n') || 'No overrides'}>
                    {template.name}
                  </Tag>
                </li>
              );
            })}
          </ul>
        )}
      </div>
      <RateCardPanel zone={zone} />
      <CloudAccountSection zone={zone} />
      <SystemServices landingZone={zone.name} />
    </article>
  );
}
