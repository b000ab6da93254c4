import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';

export interface DialogFrameProps {
  /** Names the test id `<name>-dialog` and the title's element id `<name>-dialog-title`. */
  name: string;
  title: string;
  /** Escape lands here instead of closing the dialog, so its owner decides by unmounting it. */
  onCancel(): void;
  /** When given, the title and content sit in a form, so Enter submits it. */
  onSubmit?(event: FormEvent): void;
  /** Room for forms with several fields or wide content (a changelog). */
  wide?: boolean;
  /** Most of the window, for multi-step flows such as the deploy wizard; the content scrolls inside. */
  large?: boolean;
  children: ReactNode;
}

/**
 * The modal frame our dialogs share. Native `<dialog>` gives focus trapping, Escape and the top layer for
 * free; `window.prompt` and `window.confirm` are not available in Electron and cannot be styled.
 */
export function DialogFrame({ name, title, onCancel, onSubmit, wide = false, large = false, children }: DialogFrameProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);

  // Modal for as long as it is mounted: owners show a dialog by rendering it and dismiss it by not rendering it.
  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const titleId = `${name}-dialog-title`;
  const content = (
    <>
      <h2 id={titleId} className="dialog__title">
        {title}
      </h2>
      {children}
    </>
  );
  return (
    <dialog
      ref={dialogRef}
      className={large ? 'dialog dialog--large' : wide ? 'dialog dialog--wide' : 'dialog'}
      data-testid={`${name}-dialog`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        // React passes a nested dialog's cancel up the component tree; only this dialog's own Escape counts.
        if (event.target === event.currentTarget) onCancel();
      }}
    >
      {onSubmit ? (
        <form method="dialog" onSubmit={onSubmit}>
          {content}
        </form>
      ) : (
        content
      )}
    </dialog>
  );
}
