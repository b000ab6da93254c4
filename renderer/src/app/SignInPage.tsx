import { useState, type FormEvent } from 'react';
import { describeSignInRefusal, signInWithPassword, signInWithToken, type SignInRefusal } from '../api/browser-session';
import { CredentialFields } from '../ui/CredentialFields';
import { Icon } from '../ui/Icon';

/**
 * Shown by the browser shell when this browser has no sign-in. A shared server (`passwords`) asks for
 * a user name and password, and still takes a personal access token; `nimbus serve` prints an address
 * that signs in by itself, otherwise the token from `nimbus api token` can be pasted here.
 */
export function SignInPage({ passwords, onSignedIn }: { passwords: boolean; onSignedIn(): void }) {
  const [method, setMethod] = useState<'password' | 'token'>(passwords ? 'password' : 'token');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SignInRefusal | null>(null);
  const ready = method === 'password' ? name.trim() !== '' && password !== '' : token.trim() !== '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!ready || busy) return;
    setBusy(true);
    const outcome = method === 'password' ? await signInWithPassword(name, password) : await signInWithToken(token);
    setBusy(false);
    if (outcome.ok) onSignedIn();
    else {
      setError(outcome);
      if (method === 'password' && outcome.code === 'invalid_credentials') setPassword('');
    }
  };
  const edited = () => setError(null);
  const problem = error ? { 'aria-invalid': true, 'aria-describedby': 'sign-in-error' } : {};

  return (
    <main className="sign-in" data-testid="sign-in">
      <form className="sign-in__card" onSubmit={(event) => void submit(event)} aria-labelledby="sign-in-title" noValidate>
        <div className="sign-in__icon">
          <Icon name="lock" size={28} />
        </div>
        <h1 className="sign-in__title" id="sign-in-title">
          Sign in to Nimbus
        </h1>
        {method === 'password' ? (
          <>
            <p className="muted">Sign in to this Nimbus server with your user name and password.</p>
            <CredentialFields
              name={name}
              password={password}
              onName={(value) => {
                setName(value);
                edited();
              }}
              onPassword={(value) => {
                setPassword(value);
                edited();
              }}
              problem={problem}
              testIdPrefix="sign-in"
              autoFocus
              required
            />
          </>
        ) : (
          <>
            <p className="muted">
              {passwords ? (
                'Paste a personal access token for this server.'
              ) : (
                <>
                  Open the address <code>nimbus serve</code> printed (it signs this browser in), or paste the token that{' '}
                  <code>nimbus api token</code> prints for the same data directory.
                </>
              )}
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
                  edited();
                }}
                {...problem}
                data-testid="sign-in-token"
              />
            </label>
          </>
        )}
        {error && (
          <p className="field__problem" id="sign-in-error" role="alert" data-testid="sign-in-error" data-code={error.code}>
            {describeSignInRefusal(error, method)}
          </p>
        )}
        <button type="submit" className="button button--primary" disabled={busy || !ready} data-testid="sign-in-submit">
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {passwords && (
          <button
            type="button"
            className="button button--ghost"
            onClick={() => {
              setMethod(method === 'password' ? 'token' : 'password');
              setError(null);
            }}
            data-testid="sign-in-switch"
          >
            {method === 'password' ? 'Sign in with an access token instead' : 'Sign in with a user name and password'}
          </button>
        )}
      </form>
    </main>
  );
}
