import { useCallback, useEffect, useState } from 'react';
import type { MethodOutput } from '../../../engine/api/contract';
import { CLOUD_ACCOUNT_SHAPES, isCloudAccountProvider, type CloudAccountField } from '../../../engine/common/cloud-account-fields';
import { useApi } from '../api/ApiProvider';
import { toApiError } from '../api/api-error';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Field } from '../ui/FormDialog';
import { DATE_TIME } from '../ui/time-format';

type Account = NonNullable<MethodOutput<'getCloudAccount'>['account']>;
type TestResult = MethodOutput<'testCloudAccount'>;
type Values = Record<string, string | boolean>;

const OUTCOME_LABELS: Record<TestResult['outcome'], string> = {
  ok: 'Connected',
  unauthorised: 'Token refused',
  unreachable: 'Unreachable',
  tls_untrusted: 'Certificate not trusted',
  not_proxmox: 'Not a Proxmox API',
  shape_only: 'Shape checked',
};

/** The form's starting values: the stored non-secret fields; secret fields always start empty. */
function initialValues(fields: readonly CloudAccountField[], account: Account | null): Values {
  const values: Values = {};
  for (const field of fields) {
    const stored = field.secret ? undefined : account?.settings[field.name];
    values[field.name] = stored ?? (field.kind === 'boolean' ? true : '');
  }
  return values;
}

/**
 * A landing zone's cloud account: the provider's credential form (secret fields as password inputs,
 * never filled in: a stored secret is only said to be set, and when), Save, Test connection with its
 * result in words, and Remove after a confirmation. Zones whose provider takes no account show nothing.
 */
export function CloudAccountSection({ zone }: { zone: { name: string; provider: string } }) {
  const api = useApi();
  const [account, setAccount] = useState<Account | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [values, setValues] = useState<Values>({});
  const [busy, setBusy] = useState<'save' | 'test' | 'remove' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<TestResult | null>(null);
  const [confirming, setConfirming] = useState(false);
  const provider = isCloudAccountProvider(zone.provider) ? zone.provider : null;
  const shape = provider ? CLOUD_ACCOUNT_SHAPES[provider] : null;

  const show = useCallback(
    (next: Account | null) => {
      setAccount(next);
      if (shape) setValues(initialValues(shape.fields, next));
      setLoaded(true);
    },
    [shape],
  );

  useEffect(() => {
    if (!provider) return;
    let cancelled = false;
    api.getCloudAccount({ landingZone: zone.name }).then(
      (answer) => {
        if (!cancelled) show(answer.account);
      },
      (failure: unknown) => {
        if (!cancelled) {
          setError(toApiError(failure).message);
          setLoaded(true);
        }
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, provider, zone.name, show]);

  if (!provider || !shape) return null;

  const run = async (what: 'save' | 'test' | 'remove', work: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    try {
      await work();
    } catch (failure) {
      setError(toApiError(failure).message);
    } finally {
      setBusy(null);
    }
  };

  const save = () =>
    run('save', async () => {
      const entered: Record<string, string | boolean> = { provider };
      for (const field of shape.fields) {
        const value = values[field.name];
        if (typeof value === 'boolean') entered[field.name] = value;
        else if (value !== undefined && value.trim() !== '') entered[field.name] = field.kind === 'multiline' ? value : value.trim();
      }
      setResult(null);
      show(await api.setCloudAccount({ landingZone: zone.name, account: entered as never }));
    });

  const test = () =>
    run('test', async () => {
      setResult(null);
      setResult(await api.testCloudAccount({ landingZone: zone.name }));
    });

  const remove = () =>
    run('remove', async () => {
      setConfirming(false);
      await api.removeCloudAccount({ landingZone: zone.name });
      setResult(null);
      show(null);
    });

  return (
    <section className="entity-card__block" data-testid="cloud-account" aria-labelledby={`cloud-account-${zone.name}`}>
      <h4 className="entity-card__label" id={`cloud-account-${zone.name}`}>
        Cloud account
      </h4>
      {!loaded ? (
        <p className="card__text muted">Loading…</p>
      ) : (
        <>
          {account ? (
            <p className="card__text" data-testid="cloud-account-summary">
              {shape.label} account; secret set on {DATE_TIME.format(new Date(account.secretSetAt))}.
              {!account.deployable && ' Stored for later: deploys cannot use it yet.'}
            </p>
          ) : (
            <p className="card__text" data-testid="cloud-account-empty">
              No cloud account yet: deploys into this zone need {shape.label} credentials.
            </p>
          )}
          <form
            className="form"
            onSubmit={(event) => {
              event.preventDefault();
              void save();
            }}
          >
            {shape.fields.map((field) => (
              <Field
                key={field.name}
                label={field.label}
                optional={field.optional && field.kind !== 'boolean'}
                {...(field.secret && account
                  ? { hint: 'Stored and never shown again; leave empty to keep it, or enter a new one to replace it.' }
                  : {})}
              >
                {field.kind === 'boolean' ? (
                  <input
                    type="checkbox"
                    checked={values[field.name] === true}
                    onChange={(event) => setValues({ ...values, [field.name]: event.target.checked })}
                    data-testid={`cloud-account-${field.name}`}
                  />
                ) : field.kind === 'multiline' && !field.secret ? (
                  <textarea
                    className="input textarea"
                    value={String(values[field.name] ?? '')}
                    onChange={(event) => setValues({ ...values, [field.name]: event.target.value })}
                    data-testid={`cloud-account-${field.name}`}
                  />
                ) : (
                  <input
                    className="input"
                    type={field.secret ? 'password' : field.kind === 'url' ? 'url' : 'text'}
                    autoComplete={field.secret ? 'new-password' : 'off'}
                    spellCheck={false}
                    placeholder={field.secret && account ? '•••••••• (set)' : (field.placeholder ?? '')}
                    value={String(values[field.name] ?? '')}
                    onChange={(event) => setValues({ ...values, [field.name]: event.target.value })}
                    data-testid={`cloud-account-${field.name}`}
                  />
                )}
              </Field>
            ))}
            <div className="dialog__actions">
              <button type="submit" className="button button--primary" disabled={busy !== null} data-testid="cloud-account-save">
                {busy === 'save' ? 'Saving…' : 'Save'}
              </button>
              <button
                type="button"
                className="button"
                disabled={busy !== null || !account}
                onClick={() => void test()}
                data-testid="cloud-account-test"
              >
                {busy === 'test' ? 'Testing…' : 'Test connection'}
              </button>
              <button
                type="button"
                className="button button--danger"
                disabled={busy !== null || !account}
                onClick={() => setConfirming(true)}
                data-testid="cloud-account-remove"
              >
                Remove
              </button>
            </div>
          </form>
        </>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="cloud-account-error">
          {error}
        </p>
      )}
      {result && (
        <p className="card__text" role="status" data-testid="cloud-account-test-result" data-outcome={result.outcome}>
          <strong>{OUTCOME_LABELS[result.outcome]}:</strong> {result.message}
        </p>
      )}
      {confirming && (
        <ConfirmDialog
          title="Remove cloud account"
          message={`Remove the cloud account of ${zone.name}? Its secret is deleted, and deploys into this zone stop until a new account is added.`}
          confirmLabel="Remove account"
          danger
          onConfirm={() => void remove()}
          onCancel={() => setConfirming(false)}
        />
      )}
    </section>
  );
}
