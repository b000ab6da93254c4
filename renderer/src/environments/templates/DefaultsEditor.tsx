import { useParameterNames } from '../../catalog/use-parameter-names';
import { replaceRow, withoutRow } from '../../ui/editable-rows';
import { emptyDefaultRow, type DefaultRow } from './template-defaults';

/**
 * Default parameters of a template's mandatory components: per component, rows of parameter (offered
 * from the component's inputs) and value (JSON where it is JSON, plain text otherwise).
 */
export function DefaultsEditor({
  mandatory,
  rows,
  onChange,
}: {
  mandatory: string[];
  rows: DefaultRow[];
  onChange(rows: DefaultRow[]): void;
}) {
  const parameters = useParameterNames(mandatory);
  if (mandatory.length === 0)
    return (
      <p className="field__hint" data-testid="template-defaults-none">
        Pick mandatory components first; then give them default parameters here.
      </p>
    );
  return (
    <div className="template-defaults" data-testid="template-defaults-editor">
      {mandatory.map((component) => {
        const own = rows.filter((row) => row.component === component);
        const listId = `template-parameters-${component}`;
        return (
          <fieldset key={component} className="governance-rules" data-testid="template-defaults-component" data-component={component}>
            <legend className="field__label mono">{component}</legend>
            <datalist id={listId}>
              {(parameters[component] ?? []).map((name) => (
                <option key={name} value={name} />
              ))}
            </datalist>
            {own.length === 0 ? (
              <p className="field__hint">No defaults: its parameters resolve as in any deploy.</p>
            ) : (
              own.map((row, index) => (
                <div key={row.key} className="template-defaults__row" data-testid="template-default">
                  <input
                    className="input mono"
                    aria-label={`${component}, default ${index + 1}: parameter`}
                    placeholder="parameter"
                    list={listId}
                    spellCheck={false}
                    value={row.parameter}
                    onChange={(event) => onChange(replaceRow(rows, row.key, { parameter: event.target.value }))}
                    data-testid="template-default-parameter"
                  />
                  <input
                    className="input mono"
                    aria-label={`${component}, default ${index + 1}: value`}
                    placeholder="value"
                    spellCheck={false}
                    value={row.text}
                    onChange={(event) => onChange(replaceRow(rows, row.key, { text: event.target.value }))}
                    data-testid="template-default-value"
                  />
                  <button
                    type="button"
                    className="button button--small"
                    aria-label={`Remove ${component} default ${index + 1}`}
                    onClick={() => onChange(withoutRow(rows, row.key))}
                    data-testid="template-default-remove"
                  >
                    Remove
                  </button>
                </div>
              ))
            )}
            <button
              type="button"
              className="button button--small"
              aria-label={`Add default for ${component}`}
              onClick={() => onChange([...rows, emptyDefaultRow(component)])}
              data-testid="template-default-add"
            >
              Add default
            </button>
          </fieldset>
        );
      })}
    </div>
  );
}
