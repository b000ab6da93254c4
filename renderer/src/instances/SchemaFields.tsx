import { useId } from 'react';
import { fieldPlaceholder, type FormField } from '../planner/inspector/form-fields';
import type { FieldTexts } from './schema-form';

export interface SchemaFieldsProps {
  fields: readonly FormField[];
  texts: FieldTexts;
  /** Problems by key, shown under their field once the form was submitted. */
  problems: Readonly<Record<string, string>>;
  onChange(key: string, text: string): void;
  /** Test id of every control; each also carries `data-key`. */
  testId: string;
  /** Shown when the schema has no properties. */
  empty: string;
}

/**
 * The controls of a JSON Schema's properties (a stack's parameters, an operation's input), as text the
 * form parses on submit (see schema-form.ts). Empty controls show the default that applies.
 */
export function SchemaFields({ fields, texts, problems, onChange, testId, empty }: SchemaFieldsProps) {
  if (fields.length === 0) return <p className="muted">{empty}</p>;
  return (
    <div className="schema-fields">
      {fields.map((field) => (
        <SchemaField
          key={field.key}
          field={field}
          text={texts[field.key] ?? ''}
          problem={problems[field.key] ?? null}
          onChange={(text) => onChange(field.key, text)}
          testId={testId}
        />
      ))}
    </div>
  );
}

interface SchemaFieldProps {
  field: FormField;
  text: string;
  problem: string | null;
  onChange(text: string): void;
  testId: string;
}

function SchemaField({ field, text, problem, onChange, testId }: SchemaFieldProps) {
  const id = useId();
  const placeholder = fieldPlaceholder(field);
  const common = {
    id,
    'aria-invalid': problem ? true : undefined,
    'aria-describedby': problem ? `${id}-problem` : field.description ? `${id}-hint` : undefined,
    'aria-required': field.required || undefined,
    'data-testid': testId,
    'data-key': field.key,
  } as const;
  let control;
  if (field.widget === 'enum' || field.widget === 'boolean') {
    const options = field.widget === 'boolean' ? [true, false] : field.options;
    control = (
      <select className="input select" value={text} onChange={(event) => onChange(event.target.value)} {...common}>
        <option value="">{placeholder ? `— ${placeholder} —` : '— not set —'}</option>
        {options.map((option) => (
          <option key={JSON.stringify(option)} value={field.widget === 'boolean' ? String(option) : JSON.stringify(option)}>
            {typeof option === 'string' ? option : JSON.stringify(option)}
          </option>
        ))}
      </select>
    );
  } else {
    const numeric = field.widget === 'integer' || field.widget === 'number';
    control = (
      <input
        className="input"
        type={field.secret ? 'password' : numeric ? 'number' : 'text'}
        step={field.widget === 'integer' ? 1 : 'any'}
        spellCheck={false}
        autoComplete="off"
        value={text}
        placeholder={placeholder}
        onChange={(event) => onChange(event.target.value)}
        {...common}
      />
    );
  }
  return (
    <div className="field schema-field" data-key={field.key}>
      <label className="field__label" htmlFor={id}>
        <span className="mono">{field.key}</span>
        {field.required && !field.hasDefault ? (
          <span className="field__optional"> (required)</span>
        ) : (
          <span className="field__optional"> · {field.typeLabel}</span>
        )}
      </label>
      {control}
      {problem && (
        <span className="field__problem" id={`${id}-problem`} role="alert">
          {problem}
        </span>
      )}
      {field.description && (
        <span className="field__hint" id={`${id}-hint`}>
          {field.description}
        </span>
      )}
    </div>
  );
}
