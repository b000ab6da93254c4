import type { AriaAttributes } from 'react';

/** The user name and password of a sign-in form, as every form that signs in to a server shows them. */
export interface CredentialFieldsProps {
  name: string;
  password: string;
  onName(value: string): void;
  onPassword(value: string): void;
  /** `aria-invalid` / `aria-describedby` pointing at the form's error, while it shows one. */
  problem: AriaAttributes;
  /** Prefix of the fields' test ids: `${prefix}-name`, `${prefix}-password`. */
  testIdPrefix: string;
  /** Focus the user name when the form appears (a page of its own, not a section among others). */
  autoFocus?: boolean;
  /** Let the browser refuse an empty field itself. */
  required?: boolean;
}

export function CredentialFields({
  name,
  password,
  onName,
  onPassword,
  problem,
  testIdPrefix,
  autoFocus,
  required,
}: CredentialFieldsProps) {
  return (
    <>
      <label className="field">
        <span className="field__label">User name</span>
        <input
          className="input"
          type="text"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus={autoFocus}
          required={required}
          maxLength={63}
          value={name}
          onChange={(event) => onName(event.target.value)}
          {...problem}
          data-testid={`${testIdPrefix}-name`}
        />
      </label>
      <label className="field">
        <span className="field__label">Password</span>
        <input
          className="input"
          type="password"
          name="password"
          autoComplete="current-password"
          required={required}
          maxLength={1024}
          value={password}
          onChange={(event) => onPassword(event.target.value)}
          {...problem}
          data-testid={`${testIdPrefix}-password`}
        />
      </label>
    </>
  );
}
