import type { ComponentSummary, SemanticCatalog } from '../api/entities';
import { Icon } from '../ui/Icon';
import { Tag } from '../ui/Tag';
import { providerTypeName } from './use-semantic-catalog';

export interface ComponentCardProps {
  component: ComponentSummary;
  catalog: SemanticCatalog | null;
  onOpen(name: string): void;
}

/** One component in the catalog grid; the whole card is the button that opens its details. */
export function ComponentCard({ component, catalog, onOpen }: ComponentCardProps) {
  const nativeName = providerTypeName(catalog, component.semanticType, component.provider);
  return (
    <button
      type="button"
      className="catalog-card"
      onClick={() => onOpen(component.name)}
      data-testid="catalog-card"
      data-name={component.name}
    >
      <span className="catalog-card__head">
        <span className="catalog-card__name">{component.name}</span>
        {component.latestVersion === null ? (
          <Tag tone="warning" testId="catalog-card-version">
            draft
          </Tag>
        ) : (
          <Tag tone="accent" testId="catalog-card-version">
            v{component.latestVersion}
          </Tag>
        )}
      </span>
      <span className="catalog-card__description">{component.description || 'No description.'}</span>
      <span className="catalog-card__meta">
        <Tag testId="catalog-card-provider" data={{ 'data-provider': component.provider }}>
          {component.provider}
        </Tag>
        <Tag tone="teal" title={nativeName ? `${component.provider}: ${nativeName}` : undefined} testId="catalog-card-type">
          {component.semanticType}
        </Tag>
        <span className="catalog-card__spacer" />
        {component.system ? (
          <span className="catalog-card__owner" data-testid="catalog-card-builtin">
            <Icon name="lock" size={13} />
            Built-in
          </span>
        ) : (
          <span className="catalog-card__owner">{component.tenant === null ? 'Shared' : 'Yours'}</span>
        )}
      </span>
    </button>
  );
}
