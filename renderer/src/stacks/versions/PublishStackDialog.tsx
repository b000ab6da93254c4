import { useState } from 'react';
import type { StackVersionInfo } from '../../../../engine/api/schemas/stacks';
import { Field, FormDialog } from '../../ui/FormDialog';

export interface PublishStackDialogProps {
  name: string;
  nextVersion: number;
  publish(changelog: string): Promise<StackVersionInfo>;
  onPublished(version: StackVersionInfo): void;
  onCancel(): void;
}

/** Asks for the changelog of the version about to be published; the engine's refusal stays in the dialog. */
export function PublishStackDialog({ name, nextVersion, publish, onPublished, onCancel }: PublishStackDialogProps) {
  const [changelog, setChangelog] = useState('');
  return (
    <FormDialog
      name="publish-stack"
      title={`Publish ${name} v${nextVersion}`}
      submitLabel="Publish"
      wide
      intro="Publishing freezes the draft as an immutable version: instances deploy it and pin it, forks copy it. Say what changed for the people who upgrade."
      onCancel={onCancel}
      onSubmit={async () => {
        if (changelog.trim() === '') throw new Error('Write a changelog: what changed in this version?');
        onPublished(await publish(changelog.trim()));
      }}
    >
      <Field label="Changelog">
        <textarea
          className="input textarea"
          autoFocus
          rows={5}
          maxLength={5000}
          value={changelog}
          placeholder="e.g. Adds a degraded state and the heal operation."
          onChange={(event) => setChangelog(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) event.currentTarget.form?.requestSubmit();
          }}
          data-testid="publish-stack-changelog"
        />
      </Field>
    </FormDialog>
  );
}
