import { useState } from 'react';
import { Field, FormDialog } from './FormDialog';

export interface PublishVersionDialogProps<V> {
  /** The dialog's form name; its changelog box is `<name>-changelog`. */
  dialog: string;
  /** What is published, e.g. a component or stack name. */
  name: string;
  nextVersion: number;
  /** Why the version matters, shown above the changelog. */
  intro: string;
  placeholder: string;
  publish(changelog: string): Promise<V>;
  onPublished(version: V): void;
  onCancel(): void;
}

/** Asks for the changelog of the version about to be published; the engine's refusal stays in the dialog. */
export function PublishVersionDialog<V>({
  dialog,
  name,
  nextVersion,
  intro,
  placeholder,
  publish,
  onPublished,
  onCancel,
}: PublishVersionDialogProps<V>) {
  const [changelog, setChangelog] = useState('');
  return (
    <FormDialog
      name={dialog}
      title={`Publish ${name} v${nextVersion}`}
      submitLabel="Publish"
      wide
      intro={intro}
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
          placeholder={placeholder}
          onChange={(event) => setChangelog(event.target.value)}
          onKeyDown={(event) => {
            // Enter makes new lines here; Ctrl/⌘+Enter publishes, as in most changelog and commit boxes.
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) event.currentTarget.form?.requestSubmit();
          }}
          data-testid={`${dialog}-changelog`}
        />
      </Field>
    </FormDialog>
  );
}
