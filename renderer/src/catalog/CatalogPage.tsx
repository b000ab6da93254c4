import { EmptyState } from '../ui/EmptyState';

export function CatalogPage({ active }: { active: boolean }) {
  return (
    <div className="page" hidden={!active} data-testid="catalog-page">
      <EmptyState icon="catalog" title="The catalog is empty">
        The catalog will list ready-made components — storage, networks, databases — that you can drop onto a topology instead of writing
        them yourself.
      </EmptyState>
    </div>
  );
}
