import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { useApi } from '../api/ApiProvider';
import type { ComponentSummary, SemanticCatalog } from '../api/entities';
import { useApiResource } from '../api/use-api-resource';
import { EmptyState } from '../ui/EmptyState';
import { NoMatchState } from '../ui/FilterBar';
import { useDebouncedValue } from '../ui/use-debounced-value';
import { useReactivation } from '../ui/use-reactivation';
import { CatalogFilters, isFiltered, NO_FILTER, type CatalogFilter } from './CatalogFilters';
import { ComponentCard } from './ComponentCard';
import { ComponentDetailView } from './ComponentDetailView';
import { categoryName, useSemanticCatalog } from './use-semantic-catalog';

export interface CatalogPageProps {
  active: boolean;
  /** The component named in the address, whose details are open. */
  routeId: string | undefined;
  /** Opens a component's details, or the grid again with null. */
  onOpen(name: string | null): void;
}

/** The catalog: every component this tenant can use, filtered and grouped by category, and one component's details. */
export function CatalogPage({ active, routeId, onOpen }: CatalogPageProps) {
  const api = useApi();
  const catalog = useSemanticCatalog();
  const [filter, setFilter] = useState<CatalogFilter>(NO_FILTER);
  const search = useDebouncedValue(filter.search.trim(), 200);
  const [changes, setChanges] = useState(0);
  const shown = useReactivation(active);

  const { provider, category, semanticType } = filter;
  const load = useCallback(
    () =>
      api.listComponents({
        ...(provider ? { provider } : {}),
        ...(category ? { category } : {}),
        ...(semanticType ? { semanticType } : {}),
        ...(search ? { search } : {}),
      }),
    [api, provider, category, semanticType, search],
  );
  const components = useApiResource(load, 'Could not list the catalog', `${shown}:${changes}`);

  // Details open at the top; going back returns to where the grid was scrolled.
  const pageRef = useRef<HTMLDivElement>(null);
  const gridScroll = useRef(0);
  const lastOpened = useRef<string | undefined>(undefined);
  useLayoutEffect(() => {
    const page = pageRef.current;
    if (!page) return;
    page.scrollTop = routeId ? 0 : gridScroll.current;
    // Back in the grid, focus returns to the card that was opened.
    if (!routeId && lastOpened.current)
      page
        .querySelector<HTMLElement>(`[data-testid="catalog-card"][data-name="${CSS.escape(lastOpened.current)}"]`)
        ?.focus({ preventScroll: true });
    lastOpened.current = routeId;
  }, [routeId]);

  return (
    <div
      ref={pageRef}
      className="page page--scroll"
      hidden={!active}
      data-testid="catalog-page"
      onScroll={(event) => {
        if (!routeId) gridScroll.current = event.currentTarget.scrollTop;
      }}
    >
      <div className="page__content page__content--wide">
        {routeId ? (
          <ComponentDetailView
            name={routeId}
            catalog={catalog}
            onBack={() => onOpen(null)}
            onChanged={() => setChanges((count) => count + 1)}
          />
        ) : (
          <>
            <header className="page__header">
              <div>
                <h1 className="page__title">Catalog</h1>
                <p className="page__subtitle">Ready-made components you can place on a topology, grouped by what they provide.</p>
              </div>
            </header>
            <CatalogFilters catalog={catalog} filter={filter} onChange={setFilter} />
            <CatalogGrid
              components={components.value}
              catalog={catalog}
              filtered={isFiltered(filter)}
              busy={components.loading}
              onOpen={onOpen}
              onClear={() => setFilter(NO_FILTER)}
            />
          </>
        )}
      </div>
    </div>
  );
}

interface CatalogGridProps {
  components: ComponentSummary[] | null;
  catalog: SemanticCatalog | null;
  filtered: boolean;
  busy: boolean;
  onOpen(name: string): void;
  onClear(): void;
}

function CatalogGrid({ components, catalog, filtered, busy, onOpen, onClear }: CatalogGridProps) {
  if (components === null) return <div className="page__loading">Loading…</div>;
  if (components.length === 0) {
    return filtered ? (
      <NoMatchState title="No components match" testId="catalog-no-match" onClear={onClear}>
        Try another provider or type, or a shorter search.
      </NoMatchState>
    ) : (
      <EmptyState icon="catalog" title="The catalog is empty" testId="catalog-empty">
        Components published here — storage, networks, machines — can be dropped onto a topology instead of being written from scratch.
      </EmptyState>
    );
  }

  // Categories in the semantic catalog's order; any it does not know come last, by name.
  const order = catalog?.categories.map((entry) => entry.id) ?? [];
  const groups = [...new Set(components.map((component) => component.category))].sort((a, b) => {
    const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
    return rank(a) - rank(b) || a.localeCompare(b);
  });
  return (
    <div className="catalog-groups" data-testid="catalog-results" aria-busy={busy} data-count={components.length}>
      <p className="muted catalog-count" role="status">
        {components.length} {components.length === 1 ? 'component' : 'components'}
      </p>
      {groups.map((group) => {
        const members = components.filter((component) => component.category === group).sort((a, b) => a.name.localeCompare(b.name));
        return (
          <section
            key={group}
            className="catalog-group"
            aria-labelledby={`catalog-group-${group}`}
            data-testid="catalog-group"
            data-category={group}
          >
            <h2 id={`catalog-group-${group}`} className="catalog-group__title">
              {categoryName(catalog, group)}
              <span className="catalog-group__count">{members.length}</span>
            </h2>
            <div className="catalog-grid">
              {members.map((component) => (
                <ComponentCard key={component.id} component={component} catalog={catalog} onOpen={onOpen} />
              ))}
            </div>
          </section>
        );
      })}
    </div>
  );
}
