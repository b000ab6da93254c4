import { useCallback, useState } from 'react';
import { useApi } from '../api/ApiProvider';
import type { GovernancePolicy } from '../api/entities';
import { useApiResource } from '../api/use-api-resource';
import { blockedProps } from '../permissions/blocked-props';
import { useBlockedReason } from '../permissions/PermissionProvider';
import { useNotifier } from '../toasts/ToastProvider';
import { describeError } from '../toasts/describe-error';
import { Segmented } from '../editor/Segmented';
import { useUnsavedChangesGuard } from '../ui/use-unsaved-changes-guard';
import { ComponentNamesField } from './ComponentNamesField';
import { InstanceLimitsTable, ParameterConstraintsTable } from './GovernanceRuleTables';
import { isEmptyPolicy, readPolicyJson, toDraft, toPolicy, type GovernanceDraft } from './governance-draft';

type Mode = 'form' | 'json';
const MODES = [
  { value: 'form', label: 'Form' },
  { value: 'json', label: 'JSON' },
] as const;
const SCOPES = [
  {
    id: 'any',
    restrict: false,
    title: 'Any component except the denied ones',
    meta: 'The default: the catalog is open, minus a deny list.',
  },
  { id: 'allowed', restrict: true, title: 'Only the allowed components', meta: 'Everything not on the allow list is refused.' },
] as const;

/**
 * The tenant's governance policy, shown and set as a form: which components may be used (any but the
 * denied ones, or only the allowed ones), instance limits per topology and parameter constraints
 * (minimum, maximum, allowed values, pattern). The same policy can be edited as JSON. Mistakes are
 * named by row before anything is sent; the engine's refusal stays beside the form; Discard returns
 * to the stored policy, and leaving with unsaved changes asks first.
 */
export function GovernancePanel({ refreshKey }: { refreshKey: string }) {
  const api = useApi();
  const load = useCallback(() => api.getGovernancePolicy({}), [api]);
  const policy = useApiResource(load, 'Could not read the governance policy', refreshKey);
  const loadComponents = useCallback(() => api.listComponents({}), [api]);
  const components = useApiResource(loadComponents, 'Could not list components', refreshKey);
  if (!policy.value) return <p className="section-hint">Loading the governance policy…</p>;
  const names = [...new Set((components.value ?? []).map((component) => component.name))].sort();
  // Keyed by the stored policy, so a save or a reload starts the form again from what is stored.
  return <GovernanceEditor key={JSON.stringify(policy.value)} stored={policy.value} componentNames={names} onSaved={policy.reload} />;
}

function GovernanceEditor({ stored, componentNames, onSaved }: { stored: GovernancePolicy; componentNames: string[]; onSaved(): void }) {
  const api = useApi();
  const notifier = useNotifier();
  const blocked = useBlockedReason('setGovernancePolicy');
  const readOnly = blocked !== null;
  const [draft, setDraftState] = useState<GovernanceDraft>(() => toDraft(stored));
  const [mode, setMode] = useState<Mode>('form');
  const [jsonText, setJsonText] = useState(() => JSON.stringify(stored, null, 2));
  const [dirty, setDirty] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  useUnsavedChangesGuard(dirty);

  const setDraft = (change: Partial<GovernanceDraft>) => {
    setDraftState((current) => ({ ...current, ...change }));
    setDirty(true);
  };

  /** The policy to send, from whichever view is showing, or the problems that stop it. */
  const current = (): { policy: unknown } | { problems: string[] } => {
    if (mode === 'json') {
      try {
        return { policy: JSON.parse(jsonText) };
      } catch (error) {
        return { problems: [`The policy is not valid JSON: ${(error as Error).message}`] };
      }
    }
    const result = toPolicy(draft);
    return result.ok ? { policy: result.policy } : { problems: result.problems };
  };

  const switchTo = (next: Mode) => {
    if (next === mode) return;
    if (next === 'json') {
      const result = toPolicy(draft);
      if (!result.ok) return setProblems(result.problems);
      setJsonText(JSON.stringify(result.policy, null, 2));
    } else {
      const read = readPolicyJson(jsonText);
      if (!read.ok) return setProblems(read.problems);
      setDraftState(toDraft(read.policy));
    }
    setProblems([]);
    setMode(next);
  };

  const save = async () => {
    const next = current();
    if ('problems' in next) return setProblems(next.problems);
    setProblems([]);
    setSaving(true);
    try {
      await api.setGovernancePolicy({ policy: next.policy });
      setDirty(false);
      notifier.success('Saved the governance policy');
      onSaved();
    } catch (error) {
      setProblems([describeError(error).message]);
    } finally {
      setSaving(false);
    }
  };

  const discard = () => {
    setDraftState(toDraft(stored));
    setJsonText(JSON.stringify(stored, null, 2));
    setProblems([]);
    setDirty(false);
  };

  return (
    <section className="page-section" aria-labelledby="governance-title" data-testid="governance-panel" data-dirty={dirty}>
      <header className="section-header">
        <h2 id="governance-title" className="section-header__title">
          Governance policy
        </h2>
        <Segmented
          label="Edit the policy as"
          name="governance-mode"
          options={MODES}
          value={mode}
          onChange={switchTo}
          testIdPrefix="governance-mode"
        />
      </header>
      <p className="section-hint" data-testid={isEmptyPolicy(stored) ? 'governance-empty' : 'governance-summary'}>
        {isEmptyPolicy(stored)
          ? 'No rules yet: every component may be used, with any parameters, any number of times.'
          : 'Plans check every topology against these rules and refuse what breaks them.'}
        {readOnly && ` ${blocked}`}
      </p>
      {mode === 'form' ? (
        <div className="governance-form">
          <fieldset className="choice-list" data-testid="governance-scope">
            <legend className="choice-list__legend">Which components may be used</legend>
            {SCOPES.map((scope) => (
              <label key={scope.id} className={`choice${draft.restrictToAllowed === scope.restrict ? ' choice--selected' : ''}`}>
                <input
                  type="radio"
                  name="governance-scope"
                  checked={draft.restrictToAllowed === scope.restrict}
                  disabled={readOnly}
                  onChange={() => setDraft({ restrictToAllowed: scope.restrict })}
                  data-testid={`governance-scope-${scope.id}`}
                />
                <span className="choice__text">
                  <span className="choice__title">{scope.title}</span>
                  <span className="choice__meta">{scope.meta}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {draft.restrictToAllowed && (
            <ComponentNamesField
              label="Allowed components"
              hint="None yet: add the components this tenant may use."
              names={draft.allow}
              options={componentNames}
              readOnly={readOnly}
              testId="governance-allow"
              onChange={(allow) => setDraft({ allow })}
            />
          )}
          <ComponentNamesField
            label="Denied components"
            hint="None denied."
            names={draft.deny}
            options={componentNames}
            readOnly={readOnly}
            testId="governance-deny"
            onChange={(deny) => setDraft({ deny })}
          />
          <InstanceLimitsTable
            rows={draft.limits}
            components={componentNames}
            readOnly={readOnly}
            onChange={(limits) => setDraft({ limits })}
          />
          <ParameterConstraintsTable
            rows={draft.constraints}
            components={componentNames}
            readOnly={readOnly}
            onChange={(constraints) => setDraft({ constraints })}
          />
        </div>
      ) : (
        <label className="field">
          <span className="field__label">Policy (JSON)</span>
          <textarea
            className="input textarea mono"
            rows={14}
            spellCheck={false}
            value={jsonText}
            onChange={(event) => {
              setJsonText(event.target.value);
              setDirty(true);
            }}
            readOnly={readOnly}
            data-testid="governance-text"
          />
          <span className="field__hint">
            Keys: <span className="mono">allow</span>, <span className="mono">deny</span> (component names),{' '}
            <span className="mono">constraints</span> (component → parameter → minimum, maximum, enum, pattern),{' '}
            <span className="mono">maxInstances</span> (component → most per topology).
          </span>
        </label>
      )}
      {problems.length > 0 && (
        <div className="form-error" role="alert" data-testid="governance-error">
          {problems.length === 1 ? (
            problems[0]
          ) : (
            <ul>
              {problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {!readOnly && (
        <div className="dialog__actions">
          <button type="button" className="button" onClick={discard} disabled={!dirty || saving} data-testid="governance-discard">
            Discard changes
          </button>
          <button
            type="button"
            className="button button--primary"
            onClick={() => void save()}
            data-testid="governance-save"
            {...blockedProps(blocked, { disabled: saving || !dirty })}
          >
            {saving ? 'Saving…' : 'Save policy'}
          </button>
        </div>
      )}
    </section>
  );
}
