import { useState } from 'react';
import type { MethodName } from '../../../../engine/common/method-names';
import { blockedProps } from '../../permissions/blocked-props';
import { useBlockedReason } from '../../permissions/PermissionProvider';
import { useNotifier } from '../../toasts/ToastProvider';
import { Field, FormDialog } from '../../ui/FormDialog';

export interface EntityActionsProps {
  /** What it is, in words: `landing zone`, `environment`, `pool`. */
  kind: string;
  /** Names the test ids: `<testId>-edit`, `<testId>-delete`, and the dialogs `<testId>-rename`/`<testId>-remove`. */
  testId: string;
  name: string;
  /** The API methods the two actions call, so they are disabled for someone who may not call them. */
  updateMethod: MethodName;
  deleteMethod: MethodName;
  /** What deleting also removes or why it may be refused, said before the person confirms. */
  deleteNote: string;
  rename(name: string): Promise<unknown>;
  remove(): Promise<unknown>;
  onChanged(): void;
}

/**
 * Edit (rename) and Delete of one landing zone, environment or pool. Delete asks first; a refusal —
 * the thing is in use — stays in the confirmation with the engine's words naming what uses it.
 */
export function EntityActions({
  kind,
  testId,
  name,
  updateMethod,
  deleteMethod,
  deleteNote,
  rename,
  remove,
  onChanged,
}: EntityActionsProps) {
  const notifier = useNotifier();
  const [dialog, setDialog] = useState<'rename' | 'remove' | null>(null);
  const [newName, setNewName] = useState(name);
  const updateBlocked = useBlockedReason(updateMethod);
  const deleteBlocked = useBlockedReason(deleteMethod);
  return (
    <>
      <span className="entity-card__actions">
        <button
          type="button"
          className="button button--small"
          aria-label={`Edit ${kind} ${name}`}
          onClick={() => {
            setNewName(name);
            setDialog('rename');
          }}
          data-testid={`${testId}-edit`}
          {...blockedProps(updateBlocked)}
        >
          Edit
        </button>
        <button
          type="button"
          className="button button--small button--danger"
          aria-label={`Delete ${kind} ${name}`}
          onClick={() => setDialog('remove')}
          data-testid={`${testId}-delete`}
          {...blockedProps(deleteBlocked)}
        >
          Delete
        </button>
      </span>
      {dialog === 'rename' && (
        <FormDialog
          name={`${testId}-rename`}
          title={`Edit ${kind} ${name}`}
          submitLabel="Save"
          onCancel={() => setDialog(null)}
          onSubmit={async () => {
            if (!newName.trim()) throw new Error(`Enter a name for the ${kind}.`);
            await rename(newName.trim());
            setDialog(null);
            notifier.success(`Renamed ${kind} ${name} to ${newName.trim()}`);
            onChanged();
          }}
        >
          <Field label="Name">
            <input
              className="input"
              autoFocus
              value={newName}
              spellCheck={false}
              onChange={(event) => setNewName(event.target.value)}
              data-testid={`${testId}-rename-name`}
            />
          </Field>
        </FormDialog>
      )}
      {dialog === 'remove' && (
        <FormDialog
          name={`${testId}-remove`}
          title={`Delete ${kind} ${name}?`}
          submitLabel={`Delete ${kind}`}
          intro={deleteNote}
          onCancel={() => setDialog(null)}
          onSubmit={async () => {
            await remove();
            setDialog(null);
            notifier.success(`Deleted ${kind} ${name}`);
            onChanged();
          }}
        >
          <p className="card__text">This cannot be undone.</p>
        </FormDialog>
      )}
    </>
  );
}
