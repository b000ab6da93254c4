import { useState } from 'react';

/**
 * A list of component names edited with a picker and an Add button (a keyboard path: Tab to the
 * picker, arrows to choose, Tab and Enter to add), each name with its own Remove button.
 */
export function ComponentNamesField({
  label,
  hint,
  names,
  options,
  readOnly,
  testId,
  onChange,
}: {
  label: string;
  hint: string;
  names: string[];
  /** Every component name in the catalog. */
  options: string[];
  readOnly: boolean;
  testId: string;
  onChange(names: string[]): void;
}) {
  const choices = options.filter((name) => !names.includes(name));
  const [picked, setPicked] = useState('');
  const chosen = choices.includes(picked) ? picked : (choices[0] ?? '');
  return (
    <fieldset className="governance-names" data-testid={testId}>
      <legend className="field__label">{label}</legend>
      {names.length === 0 ? (
        <p className="field__hint" data-testid={`${testId}-none`}>
          {hint}
        </p>
      ) : (
        <ul className="chip-list">
          {names.map((name) => (
            <li key={name} className="tag tag--neutral tag--mono governance-names__item" data-testid={`${testId}-item`} data-name={name}>
              {name}
              {!readOnly && (
                <button
                  type="button"
                  className="governance-names__remove"
                  aria-label={`Remove ${name} from ${label.toLowerCase()}`}
                  onClick={() => onChange(names.filter((entry) => entry !== name))}
                >
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {!readOnly && (
        <div className="governance-names__add">
          <select
            className="input select"
            aria-label={`Component to add to ${label.toLowerCase()}`}
            value={chosen}
            disabled={choices.length === 0}
            onChange={(event) => setPicked(event.target.value)}
            data-testid={`${testId}-pick`}
          >
            {choices.length === 0 && <option value="">Every component is listed</option>}
            {choices.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button--small"
            disabled={!chosen}
            onClick={() => onChange([...names, chosen])}
            data-testid={`${testId}-add`}
          >
            Add
          </button>
        </div>
      )}
    </fieldset>
  );
}
