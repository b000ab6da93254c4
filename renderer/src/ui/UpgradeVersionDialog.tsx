import { useState } from 'react';
import { describeError } from '../toasts/describe-error';
import { Field, FormDialog } from './FormDialog';

export interface UpgradeVersionDialogProps {
  /** The dialog's name, which its test ids start with (`<name>-version`, `<name>-none`, …). */
  name: string;
  title: string;
  intro: string;
  /** What is versioned: a component's or a stack's name. */
  subject: string;
  current: number;
  /** The published versions of `subject`; null while they load. */
  versions: readonly { version: number; changelog: string }[] | null;
  /** Why they could not be read, if so. */
  error: unknown;
  /** Where to publish a newer version, said when there is none. */
  publishHint: string;
  onCancel(): void;
  /** Starts the upgrade; throwing keeps the dialog open with the message. */
  onUpgrade(version: number): Promise<void>;
}

/** Choosing the version to move something to: the published versions newer than the one it runs, newest first. */
export function UpgradeVersionDialog({
  name,
  title,
  intro,
  subject,
  current,
  versions,
  error,
  publishHint,
  onCancel,
  onUpgrade,
}: UpgradeVersionDialogProps) {
  const newer = (versions ?? []).filter((entry) => entry.version > current).sort((a, b) => b.version - a.version);
  const [chosen, setChosen] = useState<number | null>(null);
  const version = chosen ?? newer[0]?.version ?? null;
  return (
    <FormDialog
      name={name}
      title={title}
      submitLabel={version === null ? 'Upgrade' : `Upgrade to v${version}`}
      intro={intro}
      onCancel={onCancel}
      onSubmit={async () => {
        if (version === null) throw new Error(`No newer version of ${subject} is published.`);
        await onUpgrade(version);
      }}
    >
      {error !== null ? (
        <div className="form-error" role="alert">
          Could not read the versions of {subject}: {describeError(error).message}
        </div>
      ) : versions === null ? (
        <p className="muted">Loading versions…</p>
      ) : newer.length === 0 ? (
        <p className="muted" data-testid={`${name}-none`}>
          {subject} has no version newer than v{current}. {publishHint}
        </p>
      ) : (
        <Field label="Version">
          <select
            className="input select"
            value={version ?? ''}
            onChange={(event) => setChosen(Number(event.target.value))}
            data-testid={`${name}-version`}
          >
            {newer.map((entry) => (
              <option key={entry.version} value={entry.version}>
                v{entry.version} — {entry.changelog || 'no changelog'}
              </option>
            ))}
          </select>
        </Field>
      )}
    </FormDialog>
  );
}
