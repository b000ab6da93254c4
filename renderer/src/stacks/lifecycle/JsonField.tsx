import { FieldIssues } from '../fields/TextField';
import { useFieldText } from '../fields/use-field-text';

export interface JsonFieldProps {
  value: Record<string, unknown>;
  readOnly: boolean;
  onCommit(value: Record<string, unknown>): void;
  issues: readonly string[];
  testId: string;
  ariaLabel: string;
}

const format = (value: unknown) => JSON.stringify(value, null, 2);

/** A JSON object edited as text: taken into the document whenever it parses to an object. */
export function JsonField({ value, readOnly, onCommit, issues, testId, ariaLabel }: JsonFieldProps) {
  const [text, setText] = useFieldText(format(value));
  let problem: string | null = null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      problem = 'Expected a JSON object, e.g. {"type": "object", "properties": {}}.';
  } catch (error) {
    problem = `Not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  return (
    <div className="stack-field">
      <textarea
        className="input textarea input--mono stack-json"
        rows={Math.min(12, text.split('\n').length + 1)}
        value={text}
        readOnly={readOnly}
        spellCheck={false}
        aria-label={ariaLabel}
        aria-invalid={problem !== null || issues.length > 0}
        data-testid={testId}
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          try {
            const parsed: unknown = JSON.parse(next);
            if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) onCommit(parsed as Record<string, unknown>);
          } catch {
            // Kept as text until it parses.
          }
        }}
      />
      <FieldIssues messages={problem ? [problem] : issues} />
    </div>
  );
}
