import type { SemanticCatalog } from '../api/entities';
import { Icon } from '../ui/Icon';

export interface CatalogFilter {
  provider: string;
  category: string;
  semanticType: string;
  search: string;
}

export const NO_FILTER: CatalogFilter = { provider: '', category: '', semanticType: '', search: '' };

export const isFiltered = (filter: CatalogFilter): boolean => Object.values(filter).some((value) => value.trim() !== '');

export interface CatalogFiltersProps {
  catalog: SemanticCatalog | null;
  filter: CatalogFilter;
  onChange(filter: CatalogFilter): void;
}

/** Search box and the provider, category and type selects above the catalog grid. */
export function CatalogFilters({ catalog, filter, onChange }: CatalogFiltersProps) {
  // Only the types that fit the chosen category and provider are offered.
  const types = (catalog?.types ?? []).filter(
    (type) => (!filter.category || type.category === filter.category) && (!filter.provider || filter.provider in type.providers),
  );
  // Narrowing the category or provider drops a type that no longer fits, rather than matching nothing.
  const fits = (next: CatalogFilter) =>
    !next.semanticType ||
    (catalog?.types ?? []).some(
      (type) => type.id === next.semanticType && (!next.category || type.category === next.category) && (!next.provider || next.provider in type.providers),
    );
  const update = (patch: Partial<CatalogFilter>) => {
    const next = { ...filter, ...patch };
    onChange(fits(next) ? next : { ...next, semanticType: '' });
  };

  return (
    <div className="filter-bar" role="search" aria-label="Filter components">
      <label className="search-field">
        <Icon name="search" size={16} />
        <input
          className="search-field__input"
          type="search"
          placeholder="Search name, description or type"
          aria-label="Search components"
          value={filter.search}
          onChange={(event) => update({ search: event.target.value })}
          data-testid="catalog-search"
        />
      </label>
      <select className="input select" aria-label="Provider" value={filter.provider} onChange={(event) => update({ provider: event.target.value })} data-testid="catalog-provider">
        <option value="">All providers</option>
        {catalog?.providers.map((provider) => (
          <option key={provider} value={provider}>
            {provider}
          </option>
        ))}
      </select>
      <select className="input select" aria-label="Category" value={filter.category} onChange={(event) => update({ category: event.target.value })} data-testid="catalog-category">
        <option value="">All categories</option>
        {catalog?.categories.map((category) => (
          <option key={category.id} value={category.id}>
            {category.name}
          </option>
        ))}
      </select>
      <select
        className="input select"
        aria-label="Semantic type"
        value={filter.semanticType}
        onChange={(event) => update({ semanticType: event.target.value })}
        data-testid="catalog-type"
      >
        <option value="">All types</option>
        {types.map((type) => (
          <option key={type.id} value={type.id} title={type.description}>
            {type.id}
          </option>
        ))}
      </select>
      {isFiltered(filter) && (
        <button type="button" className="button button--ghost button--small" onClick={() => onChange(NO_FILTER)} data-testid="catalog-clear-filters">
          Clear filters
        </button>
      )}
    </div>
  );
}
