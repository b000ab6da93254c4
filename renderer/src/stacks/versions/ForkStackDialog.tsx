import { useState } from 'react';
import type { StackDetail, StackVersionInfo } from '../../../../engine/api/schemas/stacks';
import { Field, FormDialog } from '../../ui/FormDialog';
import { stackNameProblem } from '../model/stack-list';

export interface ForkStackDialogProps {
  name: string;
  versions: readonly StackVersionInfo[];
  /** The version to fork unless another is chosen (the one shown, else the latest). */
  initialVersion: number;
  taken: readonly string[];
  fork(as: string, version: number, shared: boolean): Promise<StackDetail>;
  onForked(detail: StackDetail): void;
  onCancel(): void;
}

/** Names the fork of a published version; the fork is an independent stack that remembers its origin. */
export function ForkStackDialog({ name, versions, initialVersion, taken, fork, onForked, onCancel }: ForkStackDialogProps) {
  const [as, setAs] = useState(`${name}-fork`.slice(0, 63));
  const [version, setVersion] = useState(initialVersion);
  const [shared, setShared] = useState(false);
  return (
    <FormDialog
      name="fork-stack"
      title={`Fork ${name}`}
      submitLabel="Fork and open"
      intro="A fork copies a published version into a new stack with its own draft and versions. Changes never flow back (there is no merge); the fork remembers where it came from."
      onCancel={onCancel}
      onSubmit={async () => {
        const problem = stackNameProblem(as, taken);
        if (problem) throw new Error(problem);
        onForked(await fork(as, version, shared));
      }}
    >
      <Field label="Name of the new stack">
        <input
          className="input"
          autoFocus
          value={as}
          maxLength={63}
          onChange={(event) => setAs(event.target.value)}
          data-testid="fork-stack-name"
        />
      </Field>
      <Field label="Version to copy">
        <select
          className="input select"
          value={version}
          onChange={(event) => setVersion(Number(event.target.value))}
          data-testid="fork-stack-version"
        >
          {versions.map((entry) => (
            <option key={entry.version} value={entry.version}>
              v{entry.version} — {entry.changelog.split('\n')[0]}
            </option>
          ))}
        </select>
      </Field>
      <label className="stack-check">
        <input type="checkbox" checked={shared} onChange={(event) => setShared(event.target.checked)} data-testid="fork-stack-shared" />
        <span>Shared: provider-level, visible to every tenant</span>
      </label>
    </FormDialog>
  );
}
