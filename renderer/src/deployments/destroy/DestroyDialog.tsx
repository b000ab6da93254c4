import { useId, useState, type FormEvent } from 'react';
import { useApiResource } from '../../api/use-api-resource';
import { describeError } from '../../toasts/describe-error';
import { DialogFrame } from '../../ui/DialogFrame';
import { Tag } from '../../ui/Tag';
import { requiresTypedName, typedNameMatches, type DestroyItem } from './destroy-confirmation';
import './destroy.css';

export interface DestroyDialogProps {
  title: string;
  /** What happens, in a sentence or two. */
  message: string;
  /** The name to type when several resources go: the topology's or the instance's. */
  name: string;
  /** "topology", "instance": names what is typed. */
  noun: string;
  confirmLabel: string;
  /** Reads what goes, once when the dialog opens; shown as a list with each item's name and type. */
  load(): Promise<DestroyItem[]>;
  onConfirm(): void;
  onCancel(): void;
}

/**
 * Confirmation of a destroy that may take several resources: lists each one by name and type, and
 * when more than one goes (or the list cannot be read) enables Destroy only once the name of what goes
 * is typed — the habit of GitHub and cloud consoles, so a tired click cannot wipe a whole topology.
 */
export function DestroyDialog({ title, message, name, noun, confirmLabel, load, onConfirm, onCancel }: DestroyDialogProps) {
  // Read once: the owner may re-render (a poll) with a new function for the same thing.
  const [loadOnce] = useState(() => load);
  const items = useApiResource(loadOnce, null);
  const [typed, setTyped] = useState('');
  const inputId = useId();
  const known = items.value;
  const failed = known === null && items.error !== null && !items.loading;
  const typing = requiresTypedName(known);
  const settled = known !== null || failed;
  const ready = settled && (!typing || typedNameMatches(typed, name));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (ready) onConfirm();
  };

  return (
    <DialogFrame name="destroy" title={title} onCancel={onCancel} onSubmit={submit}>
      <p className="dialog__message">{message}</p>
      {known === null && !failed && <p className="muted">Reading what goes…</p>}
      {failed && (
        <div className="form-error" role="alert" data-testid="destroy-items-error">
          Could not list what goes: {describeError(items.error).message}
        </div>
      )}
      {known !== null && (
        <>
          <p className="destroy-dialog__count" data-testid="destroy-count" data-count={known.length}>
            {known.length === 0 ? 'Nothing is deployed any more.' : known.length === 1 ? 'This goes:' : `These ${known.length} go:`}
          </p>
          <ul className="confirm-list destroy-dialog__items" aria-label="What is destroyed">
            {known.map((item) => (
              <li key={item.id} data-testid="destroy-item" data-name={item.name} data-type={item.type}>
                <Tag tone="danger">{item.type}</Tag> {item.name} <span className="muted mono">{item.component}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {settled && typing && (
        <label className="field" htmlFor={inputId}>
          <span className="field__label">
            Type the {noun} name <strong className="mono">{name}</strong> to confirm
          </span>
          <input
            id={inputId}
            className="input mono"
            autoFocus
            autoComplete="off"
            spellCheck={false}
            value={typed}
            maxLength={300}
            onChange={(event) => setTyped(event.target.value)}
            aria-invalid={typed !== '' && !typedNameMatches(typed, name)}
            data-testid="destroy-confirm-name"
          />
        </label>
      )}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onCancel} data-testid="destroy-cancel">
          Cancel
        </button>
        <button type="submit" className="button button--danger" disabled={!ready} data-testid="destroy-accept">
          {confirmLabel}
        </button>
      </div>
    </DialogFrame>
  );
}
