import { useEffect, useRef, useState, type FormEvent } from 'react';

export interface PromptDialogProps {
  title: string;
  label: string;
  confirmLabel: string;
  initialValue?: string;
  placeholder?: string;
  /** Returns a message to show under the field, or null when the value is acceptable. */
  validate?: (value: string) => string | null;
  onConfirm(value: string): void;
  onCancel(): void;
}

/**
 * A modal asking for one line of text. Native `<dialog>` gives focus trapping, Escape and the top
 * layer for free; `window.prompt` is not available in Electron and cannot be styled.
 */
export function PromptDialog({ title, label, confirmLabel, initialValue = '', placeholder, validate, onConfirm, onCancel }: PromptDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [value, setValue] = useState(initialValue);
  const [touched, setTouched] = useState(false);
  const problem = validate?.(value) ?? (value.trim() === '' ? 'Enter a name.' : null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (problem === null) onConfirm(value.trim());
  };

  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      data-testid="prompt-dialog"
      aria-labelledby="prompt-dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <form method="dialog" onSubmit={submit}>
        <h2 id="prompt-dialog-title" className="dialog__title">
          {title}
        </h2>
        <label className="field">
          <span className="field__label">{label}</span>
          <input
            className="input"
            autoFocus
            value={value}
            placeholder={placeholder}
            maxLength={200}
            data-testid="prompt-input"
            onChange={(event) => setValue(event.target.value)}
            aria-invalid={touched && problem !== null}
          />
        </label>
        <div className="field__problem" role="status">
          {touched ? problem : null}
        </div>
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onCancel} data-testid="prompt-cancel">
            Cancel
          </button>
          <button type="submit" className="button button--primary" data-testid="prompt-confirm">
            {confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
