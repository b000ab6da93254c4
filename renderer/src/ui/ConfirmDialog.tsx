import { DialogFrame } from './DialogFrame';

export interface ConfirmDialogProps {
  title: string;
  message: string;
  confirmLabel: string;
  danger?: boolean;
  onConfirm(): void;
  onCancel(): void;
}

export function ConfirmDialog({ title, message, confirmLabel, danger = false, onConfirm, onCancel }: ConfirmDialogProps) {
  return (
    <DialogFrame name="confirm" title={title} onCancel={onCancel}>
      <p className="dialog__message">{message}</p>
      <div className="dialog__actions">
        <button type="button" className="button" autoFocus onClick={onCancel}>
          Cancel
        </button>
        <button
          type="button"
          className={danger ? 'button button--danger' : 'button button--primary'}
          onClick={onConfirm}
          data-testid="confirm-accept"
        >
          {confirmLabel}
        </button>
      </div>
    </DialogFrame>
  );
}
