import { fieldProblem, parseFieldInput, schemaToFields, type FormField } from '../planner/inspector/form-fields';

/** The text of each field's control, by key; '' leaves the value unset so the schema's default applies. */
export type FieldTexts = Readonly<Record<string, string>>;

/** What the form's texts mean: the values to send, and a problem per field that has one. */
export interface CollectedValues {
  values: Record<string, unknown>;
  problems: Record<string, string>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The fields of a stack's parameters or an operation's input, in declaration order, with the widget
 * for each type. The planner's inspector reads component contracts the same way; reusing its reading
 * keeps one interpretation of our JSON Schemas in the renderer.
 */
export function fieldsOf(schema: unknown): FormField[] {
  return isRecord(schema) ? schemaToFields(schema) : [];
}

/**
 * Reads every control: unset ones are left out (the engine fills defaults), typed ones are parsed for
 * their widget and checked against their own schema, and a required field with neither value nor
 * default is a problem. The engine validates again; this answers before a request is sent.
 */
export function collectValues(fields: readonly FormField[], texts: FieldTexts): CollectedValues {
  const values: Record<string, unknown> = {};
  const problems: Record<string, string> = {};
  for (const field of fields) {
    const parsed = parseFieldInput(field, texts[field.key] ?? '');
    if (parsed.kind === 'error') {
      problems[field.key] = parsed.message;
    } else if (parsed.kind === 'unset') {
      if (field.required && !field.hasDefault) problems[field.key] = 'required';
    } else {
      const problem = fieldProblem(field, parsed.value);
      if (problem) problems[field.key] = problem;
      else values[field.key] = parsed.value;
    }
  }
  return { values, problems };
}

/** One line naming every field problem, for the form's error box: "web_cores: must be ≤ 8; zone: required". */
export function describeProblems(problems: Readonly<Record<string, string>>): string | null {
  const entries = Object.entries(problems);
  return entries.length === 0 ? null : entries.map(([key, message]) => `${key}: ${message}`).join('; ');
}
