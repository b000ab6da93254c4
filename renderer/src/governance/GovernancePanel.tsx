import { useCallback, useState } from 'react';
import { useApi } from '../api/ApiProvider';
import { useApiResource } from '../api/use-api-resource';
import { blockedProps } from '../permissions/blocked-props';
import { useBlockedReason } from '../permissions/PermissionProvider';
import { useNotifier } from '../toasts/ToastProvider';
import { describeError } from '../toasts/describe-error';

/**
 * The tenant's governance policy, shown and set: allowed and denied components, parameter
 * constraints (minimum, maximum, enum, pattern) and instance limits, as the JSON document the engine
 * validates (its rules are in `engine/governance/policy.ts`). The engine's refusal stays beside the text.
 */
export function GovernancePanel({ refreshKey }: { refreshKey: string }) {
  const api = useApi();
  const notifier = useNotifier();
  const load = useCallback(() => api.getGovernancePolicy({}), [api]);
  const policy = useApiResource(load, 'Could not read the governance policy', refreshKey);
  // What the person typed; until then, the stored policy.
  const [edited, setText] = useState<string | null>(null);
  const text = edited ?? (policy.value ? JSON.stringify(policy.value, null, 2) : '');
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const blocked = useBlockedReason('setGovernancePolicy');

  const save = async () => {
    setProblem(null);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      setProblem(`The policy is not valid JSON: ${(error as Error).message}`);
      return;
    }
    setSaving(true);
    try {
      const saved = await api.setGovernancePolicy({ policy: parsed });
      setText(JSON.stringify(saved, null, 2));
      notifier.success('Saved the governance policy');
    } catch (error) {
      setProblem(describeError(error).message);
    } finally {
      setSaving(false);
    }
  };

  if (!policy.value) return <p className="section-hint">Loading the governance policy…</p>;
  const empty =
    !policy.value.allow &&
    policy.value.deny.length === 0 &&
    Object.keys(policy.value.constraints).length === 0 &&
    Object.keys(policy.value.maxInstances).length === 0;
  return (
    <section className="page-section" aria-labelledby="governance-title" data-testid="governance-panel">
      <header className="section-header">
        <h2 id="governance-title" className="section-header__title">
          Governance policy
        </h2>
      </header>
      <p className="section-hint" data-testid={empty ? 'governance-empty' : 'governance-summary'}>
        {empty
          ? 'No rules yet: every component may be used, with any parameters, any number of times.'
          : 'Plans check every topology against these rules and refuse what breaks them.'}{' '}
        Keys: <span className="mono">allow</span>, <span className="mono">deny</span> (component names),{' '}
        <span className="mono">constraints</span> (component → parameter → minimum, maximum, enum, pattern),{' '}
        <span className="mono">maxInstances</span> (component → most per topology).
      </p>
      <label className="field">
        <span className="field__label">Policy (JSON)</span>
        <textarea
          className="input mono"
          rows={14}
          spellCheck={false}
          value={text}
          onChange={(event) => setText(event.target.value)}
          readOnly={blocked !== null}
          data-testid="governance-text"
        />
      </label>
      {problem && (
        <div className="form-error" role="alert" data-testid="governance-error">
          {problem}
        </div>
      )}
      <div className="dialog__actions">
        <button
          type="button"
          className="button button--primary"
          onClick={() => void save()}
          data-testid="governance-save"
          {...blockedProps(blocked, { disabled: saving })}
        >
          Save policy
        </button>
      </div>
    </section>
  );
}
