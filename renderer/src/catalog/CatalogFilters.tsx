import type { SemanticCatalog } from '../api/entities';
import { FilterBar, FilterSelect, SearchField } from '../ui/FilterBar';

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
      (type) =>
        type.id === next.semanticType &&
        (!next.category || type.category === next.category) &&
        (!next.provider || next.provider in type.providers),
    );
  const update = (patch: Partial<CatalogFilter>) => {
    const next = { ...filter, ...patch };
    onChange(fits(next) ? next : { ...next, semanticType: '' });
  };

  return (
    <FilterBar
      label="Filter components"
      active={isFiltered(filter)}
      onClear={() => onChange(NO_FILTER)}
      clearTestId="catalog-clear-filters"
    >
      <SearchField
        label="Search components"
        placeholder="Search name, description or type"
        value={filter.search}
        onChange={(search) => update({ search })}
        testId="catalog-search"
      />
      <FilterSelect
        label="Provider"
        anyText="All providers"
        value={filter.provider}
        options={catalog?.providers ?? []}
        onChange={(provider) => update({ provider })}
        testId="catalog-provider"
      />
      <FilterSelect
        label="Category"
        anyText="All categories"
        value={filter.category}
        options={(catalog?.categories ?? []).map((category) => ({ value: category.id, text: category.name }))}
        onChange={(category) => update({ category })}
        testId="catalog-category"
      />
      <FilterSelect
        label="Semantic type"
        anyText="All types"
        value={filter.semanticType}
        options={types.map((type) => ({ value: type.id, text: type.id, title: type.description }))}
        onChange={(semanticType) => update({ semanticType })}
        testId="catalog-type"
      />
    </FilterBar>
  );
}
