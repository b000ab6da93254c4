import type { StackVersionInfo } from '../../../../engine/api/schemas/stacks';
import { PublishVersionDialog } from '../../ui/PublishVersionDialog';

export interface PublishStackDialogProps {
  name: string;
  nextVersion: number;
  publish(changelog: string): Promise<StackVersionInfo>;
  onPublished(version: StackVersionInfo): void;
  onCancel(): void;
}

/** Publishes a stack's draft with a changelog. */
export function PublishStackDialog(props: PublishStackDialogProps) {
  return (
    <PublishVersionDialog
      dialog="publish-stack"
      intro="Publishing freezes the draft as an immutable version: instances deploy it and pin it, forks copy it. Say what changed for the people who upgrade."
      placeholder="e.g. Adds a degraded state and the heal operation."
      {...props}
    />
  );
}
