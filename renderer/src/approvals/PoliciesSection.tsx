import { useCallback, useState } from 'react';
import { useApi } from '../api/ApiProvider';
import { useApiResource } from '../api/use-api-resource';
import { blockedProps } from '../permissions/blocked-props';
import { useBlockedReason } from '../permissions/PermissionProvider';
import { useNotifier } from '../toasts/ToastProvider';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { EmptyState } from '../ui/EmptyState';
import { describeApprovalError, formatApprovers, parseApprovers, type ApprovalPolicy } from './approval-model';

const ACTIONS = ['deploy', 'destroy', 'upgrade'] as const;
const DAY2 = 'day2:';
/** A day-2 operation's name as a policy takes it (the stack document's rule for operation names). */
const OPERATION_NAME = /^[a-z][a-z0-9-]{0,62}$/;

/** The day-2 operations typed in the form (comma or space separated), or the first name that cannot be one. */
function parseOperations(text: string): { names: string[] } | { error: string } {
  const names = [...new Set(text.split(/[\s,]+/).filter(Boolean))];
  const wrong = names.find((name) => !OPERATION_NAME.test(name));
  return wrong === undefined
    ? { names }
    : { error: `"${wrong.slice(0, 64)}" is not an operation name (lower-case letters, digits and "-", starting with a letter)` };
}

interface Draft {
  environment: string;
  actions: string[];
  /** Day-2 operations gated too, by name (`day2:NAME` in the policy). */
  operations: string;
  approvers: string;
  required: string;
  selfApproval: boolean;
  expiresAfterMinutes: string;
}

const EMPTY: Draft = {
  environment: '',
  actions: ['deploy'],
  operations: '',
  approvers: '',
  required: '1',
  selfApproval: false,
  expiresAfterMinutes: '1440',
};

const toDraft = (policy: ApprovalPolicy): Draft => ({
  environment: policy.scopeName,
  actions: policy.actions.filter((action) => !action.startsWith(DAY2)),
  operations: policy.actions
    .filter((action) => action.startsWith(DAY2))
    .map((action) => action.slice(DAY2.length))
    .join(', '),
  approvers: formatApprovers(policy.approvers),
  required: String(policy.required),
  selfApproval: policy.selfApproval,
  expiresAfterMinutes: String(policy.expiresAfterMinutes),
});

/** The tenant's approval policies, and a form to set or delete an environment's (approval:policy:manage). */
export function PoliciesSection() {
  const api = useApi();
  const notifier = useNotifier();
  const manageBlocked = useBlockedReason('setApprovalPolicy');
  const load = useCallback(() => api.listApprovalPolicies({}), [api]);
  const policies = useApiResource(load, null);
  const loadEnvironments = useCallback(() => api.listEnvironments({}), [api]);
  const environments = useApiResource(loadEnvironments, null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [problem, setProblem] = useState<{ title: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState<string | null>(null);

  const save = async () => {
    const parsed = parseApprovers(draft.approvers);
    if ('error' in parsed) return setProblem({ title: 'Approvers', message: parsed.error });
    const required = Number(draft.required);
    const expires = Number(draft.expiresAfterMinutes);
    if (draft.environment === '') return setProblem({ title: 'Environment', message: 'Choose the environment the policy applies to' });
    const operations = parseOperations(draft.operations);
    if ('error' in operations) return setProblem({ title: 'Day-2 operations', message: operations.error });
    const actions = [...draft.actions, ...operations.names.map((name) => `${DAY2}${name}`)];
    if (actions.length === 0) return setProblem({ title: 'Actions', message: 'Gate at least one action' });
    if (!Number.isInteger(required) || required < 1)
      return setProblem({ title: 'Required', message: 'A whole number of approvals, 1 or more' });
    if (!Number.isInteger(expires) || expires < 1) return setProblem({ title: 'Expiry', message: 'A whole number of minutes, 1 or more' });
    setBusy(true);
    setProblem(null);
    try {
      await api.setApprovalPolicy({
        environment: draft.environment,
        actions,
        approvers: parsed.approvers,
        required,
        selfApproval: draft.selfApproval,
        expiresAfterMinutes: expires,
      });
      notifier.success('Approval policy saved', `${draft.environment}: ${actions.join(', ')} need ${required} approval(s)`);
      policies.reload();
    } catch (error) {
      setProblem(describeApprovalError(error));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (environment: string) => {
    try {
      await api.deleteApprovalPolicy({ environment });
      notifier.success('Approval policy deleted', `${environment} no longer needs approval of its own`);
      policies.reload();
    } catch (error) {
      const described = describeApprovalError(error);
      notifier.error(described.title, error);
    }
  };

  const list = policies.value ?? [];
  return (
    <section className="approval-policies" aria-labelledby="approval-policies-title" data-testid="approval-policies">
      <h2 id="approval-policies-title" className="approval-detail__title">
        Policies
      </h2>
      {policies.error ? (
        <p className="form-error" role="alert">
          {describeApprovalError(policies.error).message}
        </p>
      ) : list.length === 0 ? (
        <EmptyState icon="lock" title="No approval policies" testId="approval-policies-empty">
          Without a policy, deploys and destroys start at once. Set one below to make an environment wait for approvers.
        </EmptyState>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="approval-policy-table">
            <thead>
              <tr>
                <th scope="col">Scope</th>
                <th scope="col">Actions</th>
                <th scope="col">Approvers</th>
                <th scope="col">Required</th>
                <th scope="col">Self-approval</th>
                <th scope="col">Expires after</th>
                <th scope="col">
                  <span className="visually-hidden">Actions on the policy</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((policy) => (
                <tr key={`${policy.scopeKind}/${policy.scopeId}`} data-testid="approval-policy-row" data-scope={policy.scopeName}>
                  <td>
                    {policy.scopeName} <span className="muted">({policy.scopeKind})</span>
                  </td>
                  <td className="mono">{policy.actions.join(', ')}</td>
                  <td>{policy.approvers.length > 0 ? formatApprovers(policy.approvers) : 'anyone with approval:decide'}</td>
                  <td>{policy.required}</td>
                  <td>{policy.selfApproval ? 'allowed' : 'no'}</td>
                  <td>{policy.expiresAfterMinutes} min</td>
                  <td>
                    {policy.scopeKind === 'environment' && (
                      <>
                        <button
                          type="button"
                          className="button button--small"
                          onClick={() => setDraft(toDraft(policy))}
                          {...blockedProps(manageBlocked)}
                        >
                          Edit
                        </button>{' '}
                        <button
                          type="button"
                          className="button button--small button--danger"
                          onClick={() => setDeleting(policy.scopeName)}
                          {...blockedProps(manageBlocked)}
                        >
                          Delete…
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form
        className="approval-policy-form"
        aria-label="Set an environment's approval policy"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
        data-testid="approval-policy-form"
      >
        <h3 className="approval-detail__section">Set a policy</h3>
        {manageBlocked !== null && <p className="muted">{manageBlocked}</p>}
        <fieldset className="approval-policy-form__fields" disabled={manageBlocked !== null || busy}>
          <label className="field">
            <span className="field__label">Environment</span>
            <select
              className="input"
              value={draft.environment}
              onChange={(event) => setDraft({ ...draft, environment: event.target.value })}
              data-testid="policy-environment"
            >
              <option value="">Choose…</option>
              {(environments.value ?? []).map((environment) => (
                <option key={environment.name} value={environment.name}>
                  {environment.name}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="approval-policy-form__actions">
            <legend className="field__label">Actions that wait for approval</legend>
            {ACTIONS.map((action) => (
              <label key={action} className="checkbox">
                <input
                  type="checkbox"
                  checked={draft.actions.includes(action)}
                  onChange={(event) =>
                    setDraft({
                      ...draft,
                      actions: event.target.checked ? [...draft.actions, action] : draft.actions.filter((entry) => entry !== action),
                    })
                  }
                  data-testid={`policy-action-${action}`}
                />{' '}
                {action}
              </label>
            ))}
          </fieldset>
          <label className="field">
            <span className="field__label">Day-2 operations that wait for approval (names, comma separated)</span>
            <input
              className="input mono"
              value={draft.operations}
              maxLength={2000}
              placeholder="heal, rotate-keys"
              onChange={(event) => setDraft({ ...draft, operations: event.target.value })}
              data-testid="policy-operations"
            />
          </label>
          <label className="field">
            <span className="field__label">Approvers (user:NAME, group:NAME, role:NAME; empty: anyone with approval:decide)</span>
            <input
              className="input mono"
              value={draft.approvers}
              maxLength={4000}
              onChange={(event) => setDraft({ ...draft, approvers: event.target.value })}
              data-testid="policy-approvers"
            />
          </label>
          <label className="field">
            <span className="field__label">Approvals required</span>
            <input
              className="input"
              type="number"
              min={1}
              max={100}
              value={draft.required}
              onChange={(event) => setDraft({ ...draft, required: event.target.value })}
              data-testid="policy-required"
            />
          </label>
          <label className="field">
            <span className="field__label">Expires after (minutes)</span>
            <input
              className="input"
              type="number"
              min={1}
              value={draft.expiresAfterMinutes}
              onChange={(event) => setDraft({ ...draft, expiresAfterMinutes: event.target.value })}
              data-testid="policy-expires"
            />
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={draft.selfApproval}
              onChange={(event) => setDraft({ ...draft, selfApproval: event.target.checked })}
              data-testid="policy-self-approval"
            />{' '}
            Requesters may approve their own requests
          </label>
        </fieldset>
        {problem && (
          <p className="form-error" role="alert" data-testid="policy-error">
            <strong>{problem.title}: </strong>
            {problem.message}
          </p>
        )}
        <button
          type="submit"
          className="button button--primary"
          data-testid="policy-save"
          {...blockedProps(manageBlocked, { disabled: busy })}
        >
          Save policy
        </button>
      </form>
      {deleting !== null && (
        <ConfirmDialog
          title={`Delete the approval policy of ${deleting}?`}
          message={`Deploys and destroys in ${deleting} no longer wait for approval (unless its landing zone has a policy). Requests already waiting keep their policy.`}
          confirmLabel="Delete policy"
          danger
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const environment = deleting;
            setDeleting(null);
            void remove(environment);
          }}
        />
      )}
    </section>
  );
}
