import { useApi } from '../api/ApiProvider';
import type { ComponentVersionInfo } from '../api/entities';
import { PublishVersionDialog } from '../ui/PublishVersionDialog';

export interface PublishDialogProps {
  name: string;
  nextVersion: number;
  onPublished(version: ComponentVersionInfo): void;
  onCancel(): void;
}

/** Publishes a component's draft with a changelog. */
export function PublishDialog({ name, nextVersion, onPublished, onCancel }: PublishDialogProps) {
  const api = useApi();
  return (
    <PublishVersionDialog
      dialog="publish"
      name={name}
      nextVersion={nextVersion}
      intro="Publishing freezes the current draft as an immutable version that topologies can use. Say what changed for the people who upgrade."
      placeholder="e.g. Adds the disk_gb input; defaults to 20 GiB."
      publish={(changelog) => api.publishComponent({ name, changelog })}
      onPublished={onPublished}
      onCancel={onCancel}
    />
  );
}
