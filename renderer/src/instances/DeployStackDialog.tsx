import { useCallback, useMemo, useState } from 'react';
import { NAME_MAX_LENGTH } from '../../../engine/common/identifiers';
import { useApi } from '../api/ApiProvider';
import { useApiResource } from '../api/use-api-resource';
import { describeError } from '../toasts/describe-error';
import { Field, FormDialog } from '../ui/FormDialog';
import type { StackInstance } from './instance-entities';
import { instanceNameProblem } from './instance-name';
import { SchemaFields } from './SchemaFields';
import { collectValues, describeProblems, fieldsOf, type FieldTexts } from './schema-form';

export interface DeployStackDialogProps {
  /** Instances that exist, so a name already taken in the environment is caught before sending. */
  existing: readonly StackInstance[];
  onCancel(): void;
  /** The instance was created and its deploy started. */
  onDeployed(instance: StackInstance): void;
}

/**
 * Deploying a stack: a published stack and version, the environment, the instance's name and its
 * parameters as a form generated from the version's parameter schema. The engine creates the instance
 * and starts its deploy transition; refusals (a bad parameter, no such environment) stay in the dialog.
 */
export function DeployStackDialog({ existing, onCancel, onDeployed }: DeployStackDialogProps) {
  const api = useApi();
  const loadStacks = useCallback(() => api.listStacks({}), [api]);
  const stacks = useApiResource(loadStacks, null);
  const loadEnvironments = useCallback(() => api.listEnvironments({}), [api]);
  const environments = useApiResource(loadEnvironments, null);
  const published = useMemo(
    () => (stacks.value ?? []).filter((stack) => stack.latestVersion !== null).sort((a, b) => a.name.localeCompare(b.name)),
    [stacks.value],
  );

  const [chosenStack, setChosenStack] = useState<string | null>(null);
  const stack = chosenStack ?? published[0]?.name ?? null;
  const loadVersions = useCallback(() => api.listStackVersions({ name: stack ?? '' }), [api, stack]);
  const versions = useApiResource(stack ? loadVersions : null, null);
  const versionList = useMemo(
    () => [...(versions.value ?? [])].filter((entry) => entry.stack === stack).sort((a, b) => b.version - a.version),
    [versions.value, stack],
  );
  const [chosenVersion, setChosenVersion] = useState<number | null>(null);
  const version = versionList.some((entry) => entry.version === chosenVersion) ? chosenVersion : (versionList[0]?.version ?? null);
  const loadDocument = useCallback(() => api.getStackVersion({ name: stack ?? '', version: version ?? 1 }), [api, stack, version]);
  const stackDocument = useApiResource(stack && version !== null ? loadDocument : null, null);
  const fields = useMemo(() => fieldsOf(stackDocument.value?.parameters), [stackDocument.value]);

  const [chosenEnvironment, setChosenEnvironment] = useState<string | null>(null);
  const environmentNames = (environments.value ?? []).map((environment) => environment.name).sort();
  const environment = chosenEnvironment ?? environmentNames[0] ?? null;
  const [name, setName] = useState('');
  const [texts, setTexts] = useState<FieldTexts>({});
  const [submitted, setSubmitted] = useState(false);

  const taken = existing.filter((instance) => instance.environment === environment).map((instance) => instance.name);
  const nameProblem = instanceNameProblem(name, taken);
  const collected = collectValues(fields, texts);
  const loadError = stacks.error ?? environments.error ?? versions.error ?? stackDocument.error;

  const chooseStack = (next: string) => {
    setChosenStack(next);
    setChosenVersion(null);
    setTexts({});
  };

  return (
    <FormDialog
      name="deploy-stack"
      title="Deploy a stack"
      submitLabel={stack && version !== null ? `Deploy ${stack}@${version}` : 'Deploy'}
      intro="Creates a stack instance and starts its deploy workflow; its page shows the progress."
      wide
      onCancel={onCancel}
      onSubmit={async () => {
        setSubmitted(true);
        if (!stack || version === null) throw new Error('Choose a published stack and version.');
        if (!environment) throw new Error('Choose an environment.');
        if (nameProblem) throw new Error(`Name: ${nameProblem}`);
        const problems = describeProblems(collected.problems);
        if (problems) throw new Error(`Parameters: ${problems}`);
        onDeployed(await api.deployStack({ stack, version, environment, name, params: collected.values }));
      }}
    >
      {loadError !== null && (
        <div className="form-error" role="alert">
          {describeError(loadError).message}
        </div>
      )}
      {stacks.value !== null && published.length === 0 && (
        <p className="muted" data-testid="deploy-stack-none">
          No stack has a published version yet. Publish one on the Stacks page (or with <code>nimbus stack publish</code>) first.
        </p>
      )}
      {environments.value !== null && environmentNames.length === 0 && (
        <p className="muted" data-testid="deploy-stack-no-environments">
          There is no environment to deploy into. Create one on the Environments page first.
        </p>
      )}
      <div className="form-row">
        <Field label="Stack">
          <select
            className="input select"
            value={stack ?? ''}
            onChange={(event) => chooseStack(event.target.value)}
            disabled={published.length === 0}
            data-testid="deploy-stack-stack"
          >
            {published.map((entry) => (
              <option key={entry.name} value={entry.name}>
                {entry.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Version">
          <select
            className="input select"
            value={version ?? ''}
            onChange={(event) => setChosenVersion(Number(event.target.value))}
            disabled={versionList.length === 0}
            data-testid="deploy-stack-version"
          >
            {versionList.map((entry) => (
              <option key={entry.version} value={entry.version}>
                v{entry.version}
                {entry.changelog ? ` — ${entry.changelog}` : ''}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="form-row">
        <Field label="Environment">
          <select
            className="input select"
            value={environment ?? ''}
            onChange={(event) => setChosenEnvironment(event.target.value)}
            disabled={environmentNames.length === 0}
            data-testid="deploy-stack-environment"
          >
            {environmentNames.map((entry) => (
              <option key={entry} value={entry}>
                {entry}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="Instance name"
          hint={submitted || name !== '' ? (nameProblem ?? 'Lowercase letters, digits and -.') : 'Lowercase letters, digits and -.'}
        >
          <input
            className="input"
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder="e.g. shop-web"
            maxLength={NAME_MAX_LENGTH}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={(submitted || name !== '') && nameProblem !== null ? true : undefined}
            data-testid="deploy-stack-name"
          />
        </Field>
      </div>
      {stackDocument.value?.description && <p className="muted">{stackDocument.value.description}</p>}
      <fieldset className="schema-fieldset">
        <legend className="field__label">Parameters</legend>
        {stackDocument.value === null ? (
          <p className="muted">{stack ? 'Loading parameters…' : 'Choose a stack.'}</p>
        ) : (
          <SchemaFields
            fields={fields}
            texts={texts}
            problems={submitted ? collected.problems : {}}
            onChange={(key, text) => setTexts((previous) => ({ ...previous, [key]: text }))}
            testId="deploy-param"
            empty="This stack takes no parameters."
          />
        )}
      </fieldset>
    </FormDialog>
  );
}
