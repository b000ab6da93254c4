import { useMemo, useState, type Ref } from 'react';
import type { ComponentSummary, SemanticCatalog } from '../../api/entities';
import { Icon } from '../../ui/Icon';
import { setComponentDragData } from './palette-drag';
import { groupPalette, type PaletteItem } from './palette-groups';

export interface PlannerPaletteProps {
  /** Null while loading. */
  components: ComponentSummary[] | null;
  catalog: SemanticCatalog | null;
  searchRef: Ref<HTMLInputElement>;
  /** Click (or Enter) on an item: add it at a free spot. */
  onAdd(ref: string): void;
  onHide(): void;
}

/**
 * The catalog beside the canvas: published components by provider and category, with search. An item
 * is dragged onto the canvas (it lands where it is dropped) or clicked to add it at a free spot.
 */
export function PlannerPalette({ components, catalog, searchRef, onAdd, onHide }: PlannerPaletteProps) {
  const [search, setSearch] = useState('');
  const groups = useMemo(() => groupPalette(components ?? [], catalog, search), [components, catalog, search]);
  const published = useMemo(() => (components ?? []).filter((component) => component.latestVersion !== null).length, [components]);

  return (
    <aside className="planner-palette" aria-label="Components" data-testid="planner-palette">
      <div className="planner-palette__header">
        <div className="planner-palette__title-row">
          <h2 className="planner-palette__title">Components</h2>
          <button
            type="button"
            className="button button--icon button--ghost button--small"
            title="Hide the components (Shift+C)"
            aria-label="Hide the components"
            onClick={onHide}
            data-testid="palette-hide"
          >
            <Icon name="close" size={14} />
          </button>
        </div>
        <label className="search-field">
          <Icon name="search" size={14} />
          <input
            ref={searchRef}
            className="search-field__input"
            type="search"
            placeholder="Search (/)"
            aria-label="Search components"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            onKeyDown={(event) => {
              // Enter adds the only match: search, Enter, done.
              const only = groups.length === 1 && groups[0]?.count === 1 ? groups[0].categories[0]?.items[0] : undefined;
              if (event.key === 'Enter' && only) onAdd(only.ref);
              if (event.key === 'Escape' && search !== '') {
                event.preventDefault();
                setSearch('');
              }
            }}
            spellCheck={false}
            data-testid="palette-search"
          />
        </label>
      </div>
      <div className="planner-palette__body">
        {components === null ? (
          <p className="planner-palette__hint">Loading components…</p>
        ) : published === 0 ? (
          <div className="planner-palette__empty" data-testid="palette-empty">
            <strong>No published components.</strong> Publish a component version in the Components editor or the Catalog to place it here.
          </div>
        ) : groups.length === 0 ? (
          <div className="planner-palette__empty" data-testid="palette-no-match" role="status">
            Nothing matches <strong>“{search.trim()}”</strong>.{' '}
            <button type="button" className="link-button" onClick={() => setSearch('')}>
              Clear the search
            </button>
          </div>
        ) : (
          groups.map((group) => (
            <section
              key={group.provider}
              className="planner-palette__group"
              data-testid="palette-group"
              data-provider={group.provider}
              aria-label={`${group.provider} components`}
            >
              <h3 className="planner-palette__provider">
                {group.provider} <span className="planner-palette__count">{group.count}</span>
              </h3>
              {group.categories.map((category) => (
                <div key={category.id} className="planner-palette__category" data-testid="palette-category" data-category={category.id}>
                  <h4 className="planner-palette__category-name">{category.name}</h4>
                  <ul className="planner-palette__items">
                    {category.items.map((item) => (
                      <li key={item.ref}>
                        <PaletteEntry item={item} onAdd={onAdd} />
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </section>
          ))
        )}
      </div>
      <p className="planner-palette__footer">Drag onto the canvas, or click to add.</p>
    </aside>
  );
}

function PaletteEntry({ item, onAdd }: { item: PaletteItem; onAdd(ref: string): void }) {
  return (
    <button
      type="button"
      className="planner-palette__item"
      draggable
      onDragStart={(event) => setComponentDragData(event.dataTransfer, item.ref)}
      onClick={() => onAdd(item.ref)}
      title={`${item.ref} — ${item.description}`}
      data-testid="palette-item"
      data-component={item.name}
      data-ref={item.ref}
    >
      {/* The accessible name is the visible text (WCAG 2.5.3), with what a press does in front. */}
      <span className="visually-hidden">Add </span>
      <span className="planner-palette__item-name">{item.name}</span>
      <span className="planner-palette__item-version">v{item.version}</span>
      <span className="planner-palette__item-type">{item.typeName ? `${item.semanticType} · ${item.typeName}` : item.semanticType}</span>
    </button>
  );
}
