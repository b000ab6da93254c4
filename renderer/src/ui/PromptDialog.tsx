import { useState, type FormEvent } from 'react';
import { DialogFrame } from './DialogFrame';

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

/** A modal asking for one line of text, in place of `window.prompt`. */
export function PromptDialog({
  title,
  label,
  confirmLabel,
  initialValue = '',
  placeholder,
  validate,
  onConfirm,
  onCancel,
}: PromptDialogProps) {
  const [value, setValue] = useState(initialValue);
  const [touched, setTouched] = useState(false);
  const problem = validate?.(value) ?? (value.trim() === '' ? 'Enter a name.' : null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (problem === null) onConfirm(value.trim());
  };

  return (
    <DialogFrame name="prompt" title={title} onCancel={onCancel} onSubmit={submit}>
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
    </DialogFrame>
  );
}
