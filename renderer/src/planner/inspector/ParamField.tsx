import { useId, useState } from 'react';
import type { ResolvedValue } from '../../api/entities';
import { KNOWN_AFTER_DEPLOY } from '../../ui/format-value';
import { Tag } from '../../ui/Tag';
import type { InputWire, WireSource } from '../create-planner-editor';
import { ProvisionalMark } from '../plan/ProvisionalMark';
import { VALUE_SOURCES } from '../plan/value-sources';
import { fieldPlaceholder, fieldProblem, fieldText, parseFieldInput, type FormField } from './form-fields';

export interface ParamFieldProps {
  field: FormField;
  /** The user's value, undefined when unset. */
  value: unknown;
  /** The wire feeding this input, if any: the field is then read-only. */
  wire: InputWire | undefined;
  /** The plan's value for this input, with its source. */
  resolved: ResolvedValue | undefined;
  /** The plan's problems of this input. */
  planProblems: string[];
  /** Outputs that could be wired into this input. */
  sources: WireSource[];
  onCommit(value: unknown): void;
  onWire(source: WireSource): void;
  onUnwire(): void;
}

/** One input of the selected node: its control, where its value comes from, and what is wrong with it. */
export function ParamField({ field, value, wire, resolved, planProblems, sources, onCommit, onWire, onUnwire }: ParamFieldProps) {
  const id = useId();
  const [draftError, setDraftError] = useState<{ forValue: unknown; message: string } | null>(null);
  // A parse error belongs to the text typed over a value; it goes when the value changes (undo, redo).
  const parseError = draftError && draftError.forValue === value ? draftError.message : null;
  const localProblem = value !== undefined && !wire ? fieldProblem(field, value) : null;
  // The plan is the authority; the local check answers at once, until the plan has spoken.
  const problems = parseError ? [parseError] : planProblems.length > 0 ? [...new Set(planProblems)] : localProblem ? [localProblem] : [];
  const source = wire ? 'wire' : resolved?.source;
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const describedBy = [problems.length > 0 && errorId, field.description && helpId].filter(Boolean).join(' ') || undefined;

  const commitText = (text: string) => {
    const parsed = parseFieldInput(field, text);
    if (parsed.kind === 'error') {
      setDraftError({ forValue: value, message: parsed.message });
      return;
    }
    setDraftError(null);
    onCommit(parsed.kind === 'unset' ? undefined : parsed.value);
  };

  const common = {
    id,
    'aria-invalid': problems.length > 0 ? true : undefined,
    'aria-describedby': describedBy,
    'aria-required': field.required || undefined,
    'data-testid': 'inspector-input',
  } as const;

  let control;
  if (field.widget === 'enum' || field.widget === 'boolean') {
    const options = field.widget === 'boolean' ? [true, false] : field.options;
    control = (
      <select
        className="input select"
        value={field.widget === 'boolean' ? (value === undefined ? '' : JSON.stringify(value)) : fieldText(field, value)}
        onChange={(event) => commitText(event.target.value)}
        {...common}
      >
        <option value="">{fieldPlaceholder(field, resolved) ? `— ${fieldPlaceholder(field, resolved)} —` : '— not set —'}</option>
        {options.map((option) => (
          <option key={JSON.stringify(option)} value={JSON.stringify(option)}>
            {typeof option === 'string' ? option : JSON.stringify(option)}
          </option>
        ))}
      </select>
    );
  } else {
    control = (
      <TextControl field={field} value={value} placeholder={fieldPlaceholder(field, resolved)} onCommit={commitText} common={common} />
    );
  }

  return (
    <div
      className={`inspector-field${problems.length > 0 ? ' inspector-field--invalid' : ''}`}
      data-testid="inspector-field"
      data-key={field.key}
      data-invalid={problems.length > 0 ? 'true' : 'false'}
    >
      <div className="inspector-field__head">
        <label htmlFor={id} className="inspector-field__label mono">
          {field.key}
          {field.required && (
            <span className="inspector-field__required" title="Required">
              <span aria-hidden="true">*</span>
              <span className="visually-hidden"> (required)</span>
            </span>
          )}
        </label>
        <span className="inspector-field__type">{field.typeLabel}</span>
        <span className="inspector-field__spacer" />
        {source && (
          <Tag
            tone={VALUE_SOURCES[source].tone}
            title={VALUE_SOURCES[source].description}
            testId="inspector-source"
            data={{ 'data-source': source }}
          >
            {source}
          </Tag>
        )}
      </div>
      {wire ? (
        <div className="inspector-field__wired" data-testid="inspector-wired">
          <span>
            from{' '}
            <span className="mono" data-testid="inspector-wired-from">
              {wire.sourceLabel}.{wire.output}
            </span>
          </span>
          <button
            type="button"
            className="button button--small button--ghost"
            onClick={onUnwire}
            aria-label={`Remove the wire into ${field.key}`}
            data-testid="inspector-unwire"
          >
            Unwire
          </button>
        </div>
      ) : (
        <div className="inspector-field__control">
          {control}
          {value !== undefined && (
            <button
              type="button"
              className="button button--icon button--ghost button--small"
              onClick={() => onCommit(undefined)}
              title="Clear: use the default or the resolver"
              aria-label={`Clear ${field.key}`}
              data-testid="inspector-clear"
            >
              ×
            </button>
          )}
        </div>
      )}
      {resolved && resolved.source === 'resolver' && !wire && (
        <p className="inspector-field__preview" data-testid="inspector-preview">
          {resolved.pending ? KNOWN_AFTER_DEPLOY : <span className="mono">{fieldPlaceholder(field, resolved)}</span>}
          {resolved.detail && <span className="inspector-field__detail"> · {resolved.detail}</span>}
          <ProvisionalMark resolved={resolved} testId="inspector-provisional" />
        </p>
      )}
      {problems.length > 0 && (
        <p className="field__problem" id={errorId} data-testid="inspector-field-error">
          {problems.join('; ')}
        </p>
      )}
      {field.description && (
        <p className="field__hint" id={helpId}>
          {field.description}
        </p>
      )}
      {!wire && sources.length > 0 && (
        <select
          className="input select input--compact inspector-field__wire-from"
          value=""
          onChange={(event) => {
            const source = sources[Number(event.target.value)];
            if (source) onWire(source);
          }}
          aria-label={`Wire ${field.key} from an output`}
          data-testid="inspector-wire-from"
        >
          <option value="">Wire from…</option>
          {sources.map((entry, index) => (
            <option key={`${entry.sourceId}.${entry.output}`} value={index}>
              {entry.sourceLabel}.{entry.output}
            </option>
          ))}
        </select>
      )}
    </div>
  );
}

interface TextControlProps {
  field: FormField;
  value: unknown;
  placeholder: string;
  onCommit(text: string): void;
  common: Record<string, unknown>;
}

/** A text or number box that edits a draft and commits it on Enter or when focus leaves (one undo step per edit). */
function TextControl({ field, value, placeholder, onCommit, common }: TextControlProps) {
  const text = fieldText(field, value);
  const [state, setState] = useState({ draft: text, base: text });
  // The value changed underneath (an undo, a commit): start over from it, keeping focus in the box.
  if (state.base !== text) setState({ draft: text, base: text });
  const draft = state.base === text ? state.draft : text;
  const setDraft = (next: string) => setState({ draft: next, base: text });
  const numeric = field.widget === 'integer' || field.widget === 'number';
  return (
    <input
      className="input"
      type={field.secret ? 'password' : numeric ? 'number' : 'text'}
      step={field.widget === 'integer' ? 1 : undefined}
      inputMode={numeric ? 'decimal' : undefined}
      spellCheck={false}
      autoComplete="off"
      value={draft}
      placeholder={placeholder}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={() => {
        if (draft !== text) onCommit(draft);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          onCommit(draft);
        } else if (event.key === 'Escape') {
          setDraft(text);
        }
      }}
      {...common}
    />
  );
}
