import { useState } from 'react';
import { useApi } from '../api/ApiProvider';
import type { ComponentVersionInfo } from '../api/entities';
import { Field, FormDialog } from '../ui/FormDialog';

export interface PublishDialogProps {
  name: string;
  nextVersion: number;
  onPublished(version: ComponentVersionInfo): void;
  onCancel(): void;
}

/** Asks for the changelog of the version about to be published; the engine's refusal stays in the dialog. */
export function PublishDialog({ name, nextVersion, onPublished, onCancel }: PublishDialogProps) {
  const api = useApi();
  const [changelog, setChangelog] = useState('');
  return (
    <FormDialog
      name="publish"
      title={`Publish ${name} v${nextVersion}`}
      submitLabel="Publish"
      wide
      intro="Publishing freezes the current draft as an immutable version that topologies can use. Say what changed for the people who upgrade."
      onCancel={onCancel}
      onSubmit={async () => {
        if (changelog.trim() === '') throw new Error('Write a changelog: what changed in this version?');
        onPublished(await api.publishComponent({ name, changelog: changelog.trim() }));
      }}
    >
      <Field label="Changelog">
        <textarea
          className="input textarea"
          autoFocus
          rows={5}
          maxLength={5000}
          value={changelog}
          placeholder="e.g. Adds the disk_gb input; defaults to 20 GiB."
          onChange={(event) => setChangelog(event.target.value)}
          onKeyDown={(event) => {
            // Enter makes new lines here; Ctrl/⌘+Enter publishes, as in most changelog and commit boxes.
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) event.currentTarget.form?.requestSubmit();
          }}
          data-testid="publish-changelog"
        />
      </Field>
    </FormDialog>
  );
}
