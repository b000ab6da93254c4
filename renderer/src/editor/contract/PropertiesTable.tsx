import { useEffect, useMemo, useRef, useState } from 'react';
import { Icon } from '../../ui/Icon';
import {
  carryRowKey,
  checkPropertyName,
  formatEnumText,
  formatValueText,
  parseEnumText,
  parseValueText,
  PROPERTY_TYPES,
  rowKeys,
  type JsonSchema,
  type PropertyRow,
  type SimpleType,
} from './contract-model';

/** What a row may do to the contract; the owner applies each edit to the content. */
export interface PropertyActions {
  /** `step` names the typing it belongs to: renames with the same step are one undo step. */
  rename(from: string, to: string, step?: string): void;
  remove(name: string): void;
  move(name: string, offset: -1 | 1): void;
  setType(name: string, type: SimpleType, itemsType?: SimpleType): void;
  setRequired(name: string, required: boolean): void;
  setDefault(name: string, value: unknown): void;
  setEnum(name: string, values: unknown[] | null): void;
  setDescription(name: string, description: string): void;
  setSecret?(name: string, secret: boolean): void;
}

export interface PropertiesTableProps {
  kind: 'inputs' | 'outputs';
  schema: JsonSchema;
  rows: PropertyRow[];
  secretInputs: readonly string[];
  readOnly: boolean;
  /** Changes when the schema was replaced from elsewhere (JSON view, reload): rows start again from it. */
  generation: number;
  /** The property a refused save was about, highlighted with its message. */
  problem: { property: string; message: string } | null;
  /** The property just added, whose name field takes the focus. */
  focusName: string | null;
  actions: PropertyActions;
  /** Reports a field whose text cannot be applied yet (null when it can), so saving waits for it. */
  onPending(key: string, message: string | null): void;
}

const TYPE_LABELS: Record<SimpleType, string> = {
  string: 'string',
  integer: 'integer',
  number: 'number',
  boolean: 'boolean',
  array: 'array',
  object: 'object',
};

/** The properties of a contract as an editable table: name, type, required, default, allowed values, description. */
export function PropertiesTable({
  kind,
  schema,
  rows,
  secretInputs,
  readOnly,
  generation,
  problem,
  focusName,
  actions,
  onPending,
}: PropertiesTableProps) {
  const inputs = kind === 'inputs';
  // Rows are keyed by a stable key, not by name: a rename applies as it is typed, and the row (its
  // focus, its other fields as typed) stays the same row.
  const [carried, setCarried] = useState<{ inputs: ReadonlyMap<string, string>; outputs: ReadonlyMap<string, string> }>({
    inputs: new Map(),
    outputs: new Map(),
  });
  const keys = useMemo(
    () =>
      rowKeys(
        rows.map((row) => row.name),
        carried[kind],
      ),
    [rows, carried, kind],
  );
  const rowActions: PropertyActions = useMemo(
    () => ({
      ...actions,
      rename: (from, to, step) => {
        const key = keys[rows.findIndex((row) => row.name === from)];
        if (key !== undefined) setCarried((previous) => ({ ...previous, [kind]: carryRowKey(previous[kind], from, to, key) }));
        actions.rename(from, to, step === undefined || key === undefined ? undefined : `${key}:${step}`);
      },
    }),
    [actions, keys, rows, kind],
  );
  if (rows.length === 0) {
    return (
      <p className="card__text contract-empty" data-testid={`contract-${kind}-empty`}>
        {inputs
          ? 'No inputs yet. Inputs are what a topology sets (or a resolver fills) for each instance; the program reads each one as configuration of the same name.'
          : 'No outputs yet. Outputs are what the program exports; other components can be wired to them.'}
      </p>
    );
  }
  return (
    <div className="table-scroll">
      <table className="data-table contract-table" data-testid={`contract-form-${kind}`}>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Type</th>
            <th scope="col">Required</th>
            {inputs && <th scope="col">Default</th>}
            {inputs && <th scope="col">Allowed values</th>}
            <th scope="col">Description</th>
            {inputs && <th scope="col">Secret</th>}
            {!readOnly && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <PropertyRowEditor
              key={`${keys[index] ?? row.name}:${generation}`}
              kind={kind}
              schema={schema}
              row={row}
              first={index === 0}
              last={index === rows.length - 1}
              secret={secretInputs.includes(row.name)}
              readOnly={readOnly}
              problem={problem?.property === row.name ? problem.message : null}
              autoFocus={focusName === row.name}
              actions={rowActions}
              onPending={onPending}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface RowProps {
  kind: 'inputs' | 'outputs';
  schema: JsonSchema;
  row: PropertyRow;
  first: boolean;
  last: boolean;
  secret: boolean;
  readOnly: boolean;
  problem: string | null;
  autoFocus: boolean;
  actions: PropertyActions;
  onPending(key: string, message: string | null): void;
}

function PropertyRowEditor({ kind, schema, row, first, last, secret, readOnly, problem, autoFocus, actions, onPending }: RowProps) {
  const inputs = kind === 'inputs';
  const [name, setName] = useState(row.name);
  const [defaultText, setDefaultText] = useState(formatValueText(row.defaultValue, row.type));
  const [enumText, setEnumText] = useState(formatEnumText(row.enumValues));
  const [description, setDescription] = useState(row.description);
  const [nameAtFocus, setNameAtFocus] = useState<string | null>(null);
  // A rename typed in one go (from focus to blur or Enter) is one undo step: its renames share this.
  const renameTyping = useRef(0);
  // Another type makes the typed default and allowed values mean something else: start them again from the schema.
  const typeKey = `${row.type}:${row.itemsType ?? ''}`;
  const [shownType, setShownType] = useState(typeKey);
  if (shownType !== typeKey) {
    setShownType(typeKey);
    setDefaultText(formatValueText(row.defaultValue, row.type));
    setEnumText(formatEnumText(row.enumValues));
  }
  const nameProblem = name === row.name ? null : checkPropertyName(schema, name, row.name);
  const defaultParsed = row.type === 'custom' ? null : parseValueText(defaultText, row.type, row.itemsType);
  const enumParsed = row.type === 'custom' || row.type === 'array' || row.type === 'object' ? null : parseEnumText(enumText, row.type);
  const defaultProblem = defaultParsed && !defaultParsed.ok ? defaultParsed.message : null;
  const enumProblem = enumParsed && !enumParsed.ok ? enumParsed.message : null;
  const pendingKey = `${kind}:${row.name}`;

  // Whatever this row holds that is not applied yet keeps the draft from being saved; a removed row holds nothing.
  const pending = [
    nameProblem && `name: ${nameProblem}`,
    defaultProblem && `default: ${defaultProblem}`,
    enumProblem && `allowed values: ${enumProblem}`,
  ]
    .filter(Boolean)
    .join(' ');
  useEffect(() => {
    onPending(pendingKey, pending ? `${kind === 'inputs' ? 'Input' : 'Output'} ${row.name}: ${pending}` : null);
  }, [onPending, pendingKey, pending, kind, row.name]);
  useEffect(() => () => onPending(pendingKey, null), [onPending, pendingKey]);

  const commitName = () => {
    const trimmed = name.trim();
    if (trimmed === row.name) {
      setName(row.name);
      return;
    }
    if (checkPropertyName(schema, trimmed, row.name) === null) actions.rename(row.name, trimmed, String(renameTyping.current));
  };
  const endRenameTyping = () => {
    renameTyping.current += 1;
  };

  const label = (what: string) => `${what} of ${row.name}`;
  return (
    <tr
      data-testid={`property-row-${kind}`}
      data-name={row.name}
      data-problem={problem ? 'true' : undefined}
      className={problem ? 'contract-table__row--problem' : undefined}
    >
      <td className="contract-table__name">
        <input
          className="input input--small mono"
          value={name}
          readOnly={readOnly}
          autoFocus={autoFocus}
          // Named by the name it had when focused, so the label does not change under a screen reader as you type.
          aria-label={`Name of ${kind === 'inputs' ? 'input' : 'output'} ${nameAtFocus ?? row.name}`}
          aria-invalid={nameProblem !== null}
          onChange={(event) => {
            const typed = event.target.value;
            setName(typed);
            // A valid name applies as it is typed (the program, bindings and docs see it at once); an
            // invalid one waits in the field, and holds saving back, until it is fixed.
            if (typed !== row.name && checkPropertyName(schema, typed, row.name) === null)
              actions.rename(row.name, typed, String(renameTyping.current));
          }}
          onFocus={() => setNameAtFocus(row.name)}
          onBlur={() => {
            commitName();
            endRenameTyping();
            setNameAtFocus(null);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              commitName();
              endRenameTyping();
            } else if (event.key === 'Escape') {
              // Escape takes the rename back to the name the field had when it was focused (and its undo step with it).
              const original = nameAtFocus ?? row.name;
              if (original !== row.name && checkPropertyName(schema, original, row.name) === null)
                actions.rename(row.name, original, String(renameTyping.current));
              setName(original);
            }
          }}
          data-testid="property-name"
        />
        {nameProblem && <span className="field__problem">{nameProblem}</span>}
        {problem && (
          <span className="field__problem" role="alert" data-testid="property-problem">
            {problem}
          </span>
        )}
      </td>
      <td>
        {row.type === 'custom' ? (
          <span className="muted" title="A union, reference or composed schema: edit it in the JSON view">
            custom (JSON view)
          </span>
        ) : (
          <div className="contract-table__type">
            <select
              className="input input--small select"
              value={row.type}
              disabled={readOnly}
              aria-label={label('Type')}
              onChange={(event) =>
                actions.setType(
                  row.name,
                  event.target.value as SimpleType,
                  row.itemsType && row.itemsType !== 'custom' ? row.itemsType : undefined,
                )
              }
              data-testid="property-type"
            >
              {PROPERTY_TYPES.map((type) => (
                <option key={type} value={type}>
                  {TYPE_LABELS[type]}
                </option>
              ))}
            </select>
            {row.type === 'array' && (
              <select
                className="input input--small select"
                value={row.itemsType && row.itemsType !== 'custom' ? row.itemsType : 'string'}
                disabled={readOnly}
                aria-label={label('Item type')}
                onChange={(event) => actions.setType(row.name, 'array', event.target.value as SimpleType)}
                data-testid="property-items-type"
              >
                {PROPERTY_TYPES.map((type) => (
                  <option key={type} value={type}>
                    of {TYPE_LABELS[type]}
                  </option>
                ))}
              </select>
            )}
          </div>
        )}
      </td>
      <td className="contract-table__check">
        <input
          type="checkbox"
          checked={row.required}
          disabled={readOnly}
          aria-label={label('Required')}
          onChange={(event) => actions.setRequired(row.name, event.target.checked)}
          data-testid="property-required"
        />
      </td>
      {inputs && (
        <td>
          {row.type === 'boolean' ? (
            <select
              className="input input--small select"
              value={defaultText}
              disabled={readOnly}
              aria-label={label('Default')}
              onChange={(event) => {
                setDefaultText(event.target.value);
                actions.setDefault(row.name, event.target.value === '' ? undefined : event.target.value === 'true');
              }}
              data-testid="property-default"
            >
              <option value="">none</option>
              <option value="true">true</option>
              <option value="false">false</option>
            </select>
          ) : (
            <input
              className="input input--small"
              value={defaultText}
              readOnly={readOnly || row.type === 'custom'}
              placeholder={row.type === 'custom' ? '' : 'none'}
              aria-label={label('Default')}
              aria-invalid={defaultProblem !== null}
              onChange={(event) => {
                const text = event.target.value;
                setDefaultText(text);
                const parsed = row.type === 'custom' ? null : parseValueText(text, row.type, row.itemsType);
                // An empty field means no default, also for text.
                if (parsed?.ok) actions.setDefault(row.name, text === '' ? undefined : parsed.value);
              }}
              data-testid="property-default"
            />
          )}
          {defaultProblem && <span className="field__problem">{defaultProblem}</span>}
        </td>
      )}
      {inputs && (
        <td>
          {enumParsed === null ? (
            <span className="muted">{row.enumValues ? formatEnumText(row.enumValues) : '—'}</span>
          ) : (
            <input
              className="input input--small"
              value={enumText}
              readOnly={readOnly}
              placeholder="any"
              title="Comma-separated, e.g. debian, ubuntu"
              aria-label={label('Allowed values')}
              aria-invalid={enumProblem !== null}
              onChange={(event) => {
                const text = event.target.value;
                setEnumText(text);
                const parsed = parseEnumText(text, row.type);
                if (parsed.ok) actions.setEnum(row.name, parsed.value);
              }}
              data-testid="property-enum"
            />
          )}
          {enumProblem && <span className="field__problem">{enumProblem}</span>}
        </td>
      )}
      <td>
        <input
          className="input input--small"
          value={description}
          readOnly={readOnly}
          placeholder="What it is, for the people who set it"
          aria-label={label('Description')}
          onChange={(event) => {
            setDescription(event.target.value);
            actions.setDescription(row.name, event.target.value);
          }}
          data-testid="property-description"
        />
      </td>
      {inputs && (
        <td className="contract-table__check">
          <input
            type="checkbox"
            checked={secret}
            disabled={readOnly || !actions.setSecret}
            title="Passed to the program as secret configuration, never shown in plain text"
            aria-label={label('Secret')}
            onChange={(event) => actions.setSecret?.(row.name, event.target.checked)}
            data-testid="property-secret"
          />
        </td>
      )}
      {!readOnly && (
        <td className="data-table__actions">
          <button
            type="button"
            className="icon-button"
            title="Move up"
            aria-label={`Move ${row.name} up`}
            disabled={first}
            onClick={() => actions.move(row.name, -1)}
          >
            <Icon name="upgrade" size={14} />
          </button>
          <button
            type="button"
            className="icon-button contract-table__down"
            title="Move down"
            aria-label={`Move ${row.name} down`}
            disabled={last}
            onClick={() => actions.move(row.name, 1)}
          >
            <Icon name="upgrade" size={14} />
          </button>
          <button
            type="button"
            className="icon-button"
            title={inputs ? 'Remove this input (and its resolver binding)' : 'Remove this output'}
            aria-label={`Remove ${row.name}`}
            onClick={() => actions.remove(row.name)}
            data-testid="property-remove"
          >
            <Icon name="trash" size={14} />
          </button>
        </td>
      )}
    </tr>
  );
}
