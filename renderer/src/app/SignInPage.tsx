import { useState, type FormEvent } from 'react';
import { signInWithToken } from '../api/browser-session';
import { Icon } from '../ui/Icon';

/**
 * Shown by the browser shell when this browser has no sign-in: `nimbus serve` prints an address that
 * signs in by itself; otherwise the token from `nimbus api token` can be pasted here.
 */
export function SignInPage({ onSignedIn }: { onSignedIn(): void }) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!token.trim()) return;
    setBusy(true);
    const outcome = await signInWithToken(token);
    setBusy(false);
    if (outcome.ok) onSignedIn();
    else setError(outcome);
  };

  return (
    <main className="sign-in" data-testid="sign-in">
      <form className="sign-in__card" onSubmit={(event) => void submit(event)}>
        <div className="sign-in__icon">
          <Icon name="lock" size={28} />
        </div>
        <h1 className="sign-in__title">Sign in to Nimbus</h1>
        <p className="muted">
          Open the address <code>nimbus serve</code> printed (it signs this browser in), or paste the token that{' '}
          <code>nimbus api token</code> prints for the same data directory.
        </p>
        <label className="field">
          <span className="field__label">Token</span>
          <input
            className="input mono"
            type="password"
            autoComplete="off"
            autoFocus
            value={token}
            onChange={(event) => {
              setToken(event.target.value);
              setError(null);
            }}
            aria-invalid={error !== null}
            aria-describedby={error ? 'sign-in-error' : undefined}
            data-testid="sign-in-token"
          />
        </label>
        {error && (
          <p className="field__problem" id="sign-in-error" role="alert" data-testid="sign-in-error" data-code={error.code}>
            {error.code === 'unauthorized'
              ? 'That token is not valid for this server (check the data directory it was made for).'
              : error.message}
          </p>
        )}
        <button type="submit" className="button button--primary" disabled={busy || !token.trim()} data-testid="sign-in-submit">
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
