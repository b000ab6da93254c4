import type { ComponentSummary } from '../api/entities';
import { SideList } from '../ui/SideList';

export interface ComponentListProps {
  components: ComponentSummary[] | null;
  builtInCount: number;
  openId: string | null;
  onOpen(name: string): void;
  onCreate(): void;
}

const versionText = (component: ComponentSummary) => (component.latestVersion === null ? 'draft' : `v${component.latestVersion}`);

/** The components this tenant can edit; built-in ones are read-only and live in the catalog. */
export function ComponentList({ components, builtInCount, openId, onOpen, onCreate }: ComponentListProps) {
  const items =
    components?.map((component) => ({
      id: component.name,
      name: component.name,
      meta: `${component.provider} · ${versionText(component)} · rev ${component.draftRevision}`,
    })) ?? null;
  return (
    <div className="component-sidebar">
      <SideList
        title="Components"
        items={items}
        activeId={openId}
        icon="file"
        createLabel="New component"
        emptyHint="None yet."
        testIdPrefix="component"
        onOpen={onOpen}
        onCreate={onCreate}
        createMethod="createComponent"
      />
      {builtInCount > 0 && (
        <p className="component-sidebar__hint" data-testid="builtin-hint">
          {builtInCount} built-in {builtInCount === 1 ? 'component is' : 'components are'} read-only: open them in the{' '}
          <a href="#/catalog">Catalog</a>.
        </p>
      )}
    </div>
  );
}
