import type { ReactNode } from 'react';
import './fields.css';
import { useFieldText } from './use-field-text';

export interface TextFieldProps {
  value: string;
  /** Why the text cannot be taken, or null; text with a problem is kept in the field, not in the document. */
  validate?: (text: string) => string | null;
  /** `change`: every valid keystroke is an edit (merged into one undo step); `blur`: on leaving the field or Enter (renames). */
  commitOn?: 'change' | 'blur';
  onCommit(text: string): void;
  readOnly?: boolean;
  placeholder?: string;
  /** Monospace, for expressions and names. */
  mono?: boolean;
  multiline?: boolean;
  className?: string;
  ariaLabel?: string;
  testId?: string;
  /** Problems the engine reports for this field (shown under it, with the local one first). */
  issues?: readonly string[];
  list?: string;
  after?: ReactNode;
}

/** A text input bound to one value of the stack document, with its problems beneath it. */
export function TextField({
  value,
  validate,
  commitOn = 'change',
  onCommit,
  readOnly = false,
  placeholder,
  mono = false,
  multiline = false,
  className,
  ariaLabel,
  testId,
  issues = [],
  list,
  after,
}: TextFieldProps) {
  const [text, setText] = useFieldText(value);
  const local = validate?.(text) ?? null;
  const problems = [...(local ? [local] : []), ...(local || text !== value ? [] : issues)];
  const commit = (next: string) => {
    if (next !== value && (validate?.(next) ?? null) === null) onCommit(next);
  };
  const common = {
    className: `input${mono ? ' input--mono' : ''}${multiline ? ' textarea' : ''}${className ? ` ${className}` : ''}`,
    value: text,
    readOnly,
    placeholder,
    'aria-label': ariaLabel,
    'aria-invalid': problems.length > 0,
    'data-testid': testId,
    onChange: (event: { target: { value: string } }) => {
      setText(event.target.value);
      if (commitOn === 'change') commit(event.target.value);
    },
    onBlur: () => {
      if (commitOn === 'blur') commit(text);
    },
  };
  return (
    <div className="stack-field">
      <div className="stack-field__control">
        {multiline ? (
          <textarea {...common} rows={3} />
        ) : (
          <input
            {...common}
            list={list}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && commitOn === 'blur') commit(text);
              if (event.key === 'Escape' && commitOn === 'blur') setText(value);
            }}
          />
        )}
        {after}
      </div>
      <FieldIssues messages={problems} testId={testId ? `${testId}-problem` : undefined} />
    </div>
  );
}

/** Problems under a field; nothing when there are none. */
export function FieldIssues({ messages, testId }: { messages: readonly string[]; testId?: string | undefined }) {
  if (messages.length === 0) return null;
  return (
    <div className="field__problem stack-field__problem" role="status" data-testid={testId}>
      {messages.map((message) => (
        <div key={message}>{message}</div>
      ))}
    </div>
  );
}
