import { formatKeyBinding } from '../../commands/key-binding';
import { Icon } from '../../ui/Icon';
import { Tag } from '../../ui/Tag';
import { formatValue } from '../../ui/format-value';
import type { ParamField } from './try-params';
import type { TryOutcome } from './use-try-run';

export interface TryPanelProps {
  componentName: string;
  version: number | 'draft';
  provider: string;
  fields: ParamField[];
  texts: Record<string, string>;
  errors: Record<string, string>;
  running: boolean;
  outcome: TryOutcome | null;
  /** Why the run may not match the editor (an unsaved contract), or null. */
  note: string | null;
  onText(name: string, text: string): void;
  onReset(): void;
  onRun(): void;
  onClose(): void;
  onGoToLine(line: number, column: number): void;
}

const TYPE_HINT: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  array: 'JSON array',
  object: 'JSON object',
  custom: 'JSON value',
};

/**
 * "Try it": runs the program under Pulumi mocks with the parameters given here and lists what it
 * would create — no Pulumi CLI, no cloud, nothing deployed.
 */
export function TryPanel({
  componentName,
  version,
  provider,
  fields,
  texts,
  errors,
  running,
  outcome,
  note,
  onText,
  onReset,
  onRun,
  onClose,
  onGoToLine,
}: TryPanelProps) {
  const shortcut = formatKeyBinding('Mod+Enter');
  return (
    <aside className="try-panel" aria-label="Try it" data-testid="try-panel">
      <header className="plan-panel__header">
        <h2 className="plan-panel__title">
          <Icon name="rocket" size={16} />
          Try it
          <Tag tone={version === 'draft' ? 'warning' : 'accent'}>{version === 'draft' ? 'draft' : `v${version}`}</Tag>
        </h2>
        <span className="plan-panel__spacer" />
        <button type="button" className="icon-button" title="Close" aria-label="Close Try it" onClick={onClose} data-testid="try-close">
          <Icon name="close" size={16} />
        </button>
      </header>
      <div className="plan-panel__body">
        <p className="try-panel__hint muted">
          Runs {componentName} under Pulumi mocks: nothing is deployed and no cloud is called.
          {provider === 'local' && ' Nimbus supplies localRoot for local components.'}
        </p>
        {note && (
          <p className="inline-problem inline-problem--info" data-testid="try-note">
            <Icon name="alert" size={14} />
            <span>{note}</span>
          </p>
        )}
        <form
          className="try-params"
          onSubmit={(event) => {
            event.preventDefault();
            onRun();
          }}
          data-testid="try-params"
        >
          {fields.length === 0 ? (
            <p className="muted">This component takes no inputs.</p>
          ) : (
            fields.map((field) => (
              <label key={field.name} className="field try-params__field" data-testid="try-param" data-name={field.name}>
                <span className="field__label">
                  <span className="mono">{field.name}</span>
                  {field.required ? <span className="required-mark"> *</span> : <span className="field__optional"> (optional)</span>}
                  {field.resolver && (
                    <Tag tone="teal" title={`Filled by the ${field.resolver} resolver at plan time; here it is a sample value`}>
                      ← {field.resolver}
                    </Tag>
                  )}
                  {field.secret && <Tag tone="warning">secret</Tag>}
                </span>
                {field.enumValues ? (
                  <select
                    className="input select"
                    value={texts[field.name] ?? ''}
                    onChange={(event) => onText(field.name, event.target.value)}
                    aria-invalid={errors[field.name] !== undefined}
                    data-testid="try-param-input"
                  >
                    <option value="">{field.required ? 'Choose…' : 'unset'}</option>
                    {field.enumValues.map((value) => (
                      <option key={JSON.stringify(value)} value={typeof value === 'string' ? value : JSON.stringify(value)}>
                        {formatValue(value)}
                      </option>
                    ))}
                  </select>
                ) : field.type === 'boolean' ? (
                  <select
                    className="input select"
                    value={texts[field.name] ?? ''}
                    onChange={(event) => onText(field.name, event.target.value)}
                    aria-invalid={errors[field.name] !== undefined}
                    data-testid="try-param-input"
                  >
                    <option value="">{field.required ? 'Choose…' : 'unset'}</option>
                    <option value="true">true</option>
                    <option value="false">false</option>
                  </select>
                ) : (
                  <input
                    className="input"
                    value={texts[field.name] ?? ''}
                    type={field.secret ? 'password' : 'text'}
                    inputMode={field.type === 'integer' || field.type === 'number' ? 'decimal' : undefined}
                    placeholder={TYPE_HINT[field.type] ?? ''}
                    onChange={(event) => onText(field.name, event.target.value)}
                    aria-invalid={errors[field.name] !== undefined}
                    data-testid="try-param-input"
                  />
                )}
                {errors[field.name] ? (
                  <span className="field__problem">{errors[field.name]}</span>
                ) : (
                  field.description && <span className="field__hint">{field.description}</span>
                )}
              </label>
            ))
          )}
          <div className="try-params__actions">
            <button type="submit" className="button button--primary" disabled={running} title={`Run (${shortcut})`} data-testid="try-run">
              <Icon name="rocket" size={16} />
              {running ? 'Running…' : 'Run'}
            </button>
            <button type="button" className="button button--ghost" onClick={onReset} disabled={running}>
              Reset to defaults
            </button>
            <span className="muted try-params__shortcut">{shortcut}</span>
          </div>
        </form>
        <TryOutcomeView outcome={outcome} running={running} onGoToLine={onGoToLine} />
      </div>
    </aside>
  );
}

function TryOutcomeView({
  outcome,
  running,
  onGoToLine,
}: {
  outcome: TryOutcome | null;
  running: boolean;
  onGoToLine(line: number, column: number): void;
}) {
  if (!outcome) {
    return running ? null : (
      <p className="muted" data-testid="try-empty">
        Set the parameters and run: the resources the program would create, its outputs and what it logs appear here.
      </p>
    );
  }
  if (outcome.kind === 'failed') {
    return (
      <div className="inline-problem" role="alert" data-testid="try-failed">
        <Icon name="alert" size={14} />
        <span>{outcome.message}</span>
      </div>
    );
  }
  const { result } = outcome;
  const outputs = Object.entries(result.outputs);
  return (
    <div className="try-result" data-testid="try-result" data-ok={result.ok ? 'true' : 'false'} aria-busy={running}>
      <p className={`try-result__summary try-result__summary--${result.ok ? 'ok' : 'failed'}`} role="status" data-testid="try-summary">
        <Icon name={result.ok ? 'check' : 'alert'} size={14} />
        {result.ok
          ? `Would create ${result.resources.length} ${result.resources.length === 1 ? 'resource' : 'resources'}`
          : 'The program failed'}
        <span className="muted"> · {Math.round(result.durationMs)} ms</span>
      </p>
      {result.error && (
        <div className="inline-problem" role="alert" data-testid="try-error">
          <Icon name="alert" size={14} />
          <span>
            {result.error.message}
            {result.error.line !== undefined && (
              <>
                {' '}
                <button
                  type="button"
                  className="link-button"
                  onClick={() => onGoToLine(result.error!.line!, result.error!.column ?? 1)}
                  data-testid="try-error-line"
                >
                  Go to line {result.error.line}
                  {result.error.column !== undefined ? `, column ${result.error.column}` : ''}
                </button>
              </>
            )}
          </span>
        </div>
      )}
      <section aria-labelledby="try-resources-title">
        <h3 id="try-resources-title" className="plan-panel__section-title">
          Resources ({result.resources.length})
        </h3>
        {result.resources.length === 0 ? (
          <p className="muted">{result.ok ? 'The program declares no resources.' : 'None registered before the failure.'}</p>
        ) : (
          <ul className="try-resources">
            {result.resources.map((resource, index) => (
              <li
                key={`${resource.type}:${resource.name}:${index}`}
                data-testid="try-resource"
                data-type={resource.type}
                data-name={resource.name}
              >
                <details>
                  <summary>
                    <span className="mono try-resources__name">{resource.name}</span>
                    <span className="mono muted try-resources__type">{resource.type}</span>
                  </summary>
                  <pre className="try-json">{JSON.stringify(resource.inputs, null, 2)}</pre>
                </details>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="try-outputs-title">
        <h3 id="try-outputs-title" className="plan-panel__section-title">
          Outputs ({outputs.length})
        </h3>
        {outputs.length === 0 ? (
          <p className="muted">No outputs exported.</p>
        ) : (
          <dl className="try-outputs" data-testid="try-outputs">
            {outputs.map(([name, value]) => (
              <div key={name} className="try-outputs__row" data-testid="try-output" data-name={name}>
                <dt className="mono">{name}</dt>
                <dd className="mono">{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>
      {result.logs.length > 0 && (
        <section aria-labelledby="try-logs-title">
          <h3 id="try-logs-title" className="plan-panel__section-title">
            Logs ({result.logs.length})
          </h3>
          <pre className="try-json try-logs" data-testid="try-logs">
            {result.logs.join('\n')}
          </pre>
        </section>
      )}
    </div>
  );
}
