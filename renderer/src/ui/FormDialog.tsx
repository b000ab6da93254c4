import { useState, type FormEvent, type ReactNode } from 'react';
import { CHANGE_QUEUED_MESSAGE, CHANGE_QUEUED_TITLE, isChangeQueued } from '../sync/change-queued';
import { describeError, type ErrorDescription } from '../toasts/describe-error';
import { useNotifier } from '../toasts/ToastProvider';
import { DialogFrame } from './DialogFrame';

export interface FormDialogProps {
  /** Names the test ids: `<name>-dialog`, `<name>-error`, `<name>-submit`, `<name>-cancel`. */
  name: string;
  title: string;
  submitLabel: string;
  /** A line under the title saying what the form does. */
  intro?: ReactNode;
  wide?: boolean;
  /**
   * Does the work. Throwing keeps the dialog open and shows the message in it — the engine's words
   * for an overlapping pool or a bad CIDR belong next to the fields, not in a toast that hides them.
   * On success the owner closes the dialog by no longer rendering it. A change the server could not
   * take now but that waits in the outbox (`change_queued`) closes the dialog with a note saying so.
   */
  onSubmit(): Promise<void>;
  onCancel(): void;
  children: ReactNode;
}

/** A modal form whose failures stay inside it, so the person can correct the field and try again. */
export function FormDialog({ name, title, submitLabel, intro, wide = false, onSubmit, onCancel, children }: FormDialogProps) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ErrorDescription | null>(null);
  const notifier = useNotifier();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      await onSubmit();
    } catch (error) {
      // The server could not be reached and the change waits in the outbox: nothing to correct here.
      if (isChangeQueued(error)) {
        notifier.show({ kind: 'info', title: CHANGE_QUEUED_TITLE, message: CHANGE_QUEUED_MESSAGE });
        onCancel();
        return;
      }
      setProblem(describeError(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <DialogFrame name={name} title={title} wide={wide} onCancel={onCancel} onSubmit={(event) => void submit(event)}>
      {intro && <p className="dialog__message">{intro}</p>}
      <div className="form-grid">{children}</div>
      {problem && (
        <div className="form-error" role="alert" data-testid={`${name}-error`}>
          <div>{problem.message}</div>
          {problem.details.length > 0 && (
            <ul className="form-error__details">
              {problem.details.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onCancel} data-testid={`${name}-cancel`}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={busy} data-testid={`${name}-submit`}>
          {busy ? 'Working…' : submitLabel}
        </button>
      </div>
    </DialogFrame>
  );
}

export interface FieldProps {
  label: string;
  /** Shown under the control: the format expected, or what leaving it empty means. */
  hint?: ReactNode;
  optional?: boolean;
  children: ReactNode;
}

/** One labelled control of a form; the label element wraps the control so clicking it focuses it. */
export function Field({ label, hint, optional = false, children }: FieldProps) {
  return (
    <label className="field">
      <span className="field__label">
        {label}
        {optional && <span className="field__optional"> (optional)</span>}
      </span>
      {children}
      {hint && <span className="field__hint">{hint}</span>}
    </label>
  );
}
