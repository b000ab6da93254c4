import { useState } from 'react';
import { DialogFrame } from '../ui/DialogFrame';
import { Icon } from '../ui/Icon';

/** A webhook's signing secret, shown once after the channel was added, with a copy button. */
export function SigningSecretDialog({ channel, secret, onClose }: { channel: string; secret: string; onClose(): void }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <DialogFrame name="signing-secret" title={`Signing secret of ${channel}`} onCancel={onClose} wide>
      <p className="dialog__message">
        <strong>Copy it now: you will not see it again.</strong> Your receiver checks each request's{' '}
        <span className="mono">X-Nimbus-Signature</span> with it (see the README). If it is lost, remove the channel and add it again.
      </p>
      <div className="notify-secret">
        <input
          className="input mono"
          readOnly
          value={secret}
          aria-label="Signing secret"
          onFocus={(e) => e.target.select()}
          data-testid="signing-secret"
        />
        <button type="button" className="button" onClick={() => void copy()} data-testid="signing-secret-copy">
          <Icon name="copy" size={14} />
          Copy
        </button>
      </div>
      <p className="muted" role="status">
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'failed' ? 'The clipboard refused; select the text and copy it.' : ''}
      </p>
      <div className="dialog__actions">
        <button type="button" className="button button--primary" onClick={onClose} autoFocus data-testid="signing-secret-done">
          I have stored it
        </button>
      </div>
    </DialogFrame>
  );
}
