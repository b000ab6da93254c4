import type { ComponentDraftSummary } from '../../../engine/api/contract';
import { SideList } from '../ui/SideList';

export interface ComponentListProps {
  drafts: ComponentDraftSummary[] | null;
  openId: string | null;
  onOpen(id: string): void;
  onCreate(): void;
}

export function ComponentList({ drafts, openId, onOpen, onCreate }: ComponentListProps) {
  const items = drafts?.map((draft) => ({ id: draft.id, name: draft.name, meta: `TypeScript · rev ${draft.revision}` })) ?? null;
  return (
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
    />
  );
}
