import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { Icon } from '../../ui/Icon';
import { describeUpgrade, removeInput, renameInput, restoreRemovedInput, setSecret, type ComponentContent } from '../component-content';
import type { DraftProblem } from '../draft-problem';
import type { EditStep } from '../component-session';
import { contractModelPath } from '../model-path';
import { Segmented } from '../Segmented';
import {
  addProperty,
  formatSchemaJson,
  moveProperty,
  parseSchemaJson,
  propertiesOf,
  readProperties,
  removeProperty,
  renameProperty,
  setDefault,
  setDescription,
  setEnum,
  setPropertyType,
  setRequired,
  type JsonSchema,
} from './contract-model';
import { PropertiesTable, type PropertyActions } from './PropertiesTable';

const CodeEditor = lazy(() => import('../monaco/CodeEditor').then((module) => ({ default: module.CodeEditor })));

export type ContractSide = 'inputs' | 'outputs';
type View = 'form' | 'json';

export interface ContractEditorProps {
  componentName: string;
  /** `draft`, or the published version shown read-only. */
  version: number | 'draft';
  content: ComponentContent;
  readOnly: boolean;
  /** Bumped when the content was replaced from the server. */
  loadToken: number;
  /** Bumped by undo and redo: the views start again from the content, like after a reload. */
  historyToken: number;
  theme: 'light' | 'dark';
  /** Inputs of the latest published version: renaming or removing one is recorded for upgrades. */
  publishedInputs: readonly string[];
  problem: DraftProblem | null;
  side: ContractSide;
  onSideChange(side: ContractSide): void;
  onEdit(update: (content: ComponentContent) => ComponentContent, step?: EditStep): void;
  onPending(key: string, message: string | null): void;
  shortcuts: readonly string[];
  onShortcut(binding: string): void;
}

const SCHEMA_KEY: Record<ContractSide, 'inputSchema' | 'outputSchema'> = { inputs: 'inputSchema', outputs: 'outputSchema' };

/**
 * The contract of a component: its inputs and outputs as a form (a properties table) or as JSON
 * Schema text, kept in step. The JSON view applies each valid edit at once; while its text is not
 * valid JSON, the form waits and saving is held back with the parser's message.
 */
export function ContractEditor(props: ContractEditorProps) {
  const {
    componentName,
    version,
    content,
    readOnly,
    loadToken,
    historyToken,
    theme,
    publishedInputs,
    problem,
    side,
    onSideChange,
    onEdit,
    onPending,
    shortcuts,
    onShortcut,
  } = props;
  const [view, setView] = useState<View>('form');
  const [jsonText, setJsonText] = useState<Record<ContractSide, string | null>>({ inputs: null, outputs: null });
  const [jsonToken, setJsonToken] = useState(0);
  const [generation, setGeneration] = useState(0);
  const [focusName, setFocusName] = useState<string | null>(null);
  // A reload from the server, or another version, starts both views again from the content.
  const [seen, setSeen] = useState({ loadToken, historyToken, version, componentName });
  if (
    seen.loadToken !== loadToken ||
    seen.historyToken !== historyToken ||
    seen.version !== version ||
    seen.componentName !== componentName
  ) {
    setSeen({ loadToken, historyToken, version, componentName });
    setJsonText({ inputs: null, outputs: null });
    setJsonToken((token) => token + 1);
    setGeneration((value) => value + 1);
  }

  const schema = content[SCHEMA_KEY[side]];
  const rows = useMemo(() => readProperties(schema), [schema]);
  const text = jsonText[side];
  const parsed = text === null ? null : parseSchemaJson(text);
  const jsonProblem = parsed && !parsed.ok ? parsed : null;

  const editSchema = useCallback(
    (which: ContractSide, update: (schema: JsonSchema) => JsonSchema, step?: EditStep) =>
      onEdit((current) => ({ ...current, [SCHEMA_KEY[which]]: update(current[SCHEMA_KEY[which]]) }), step),
    [onEdit],
  );

  const actions: PropertyActions = useMemo(() => {
    const edit = (update: (schema: JsonSchema) => JsonSchema, step?: EditStep) => editSchema(side, update, step);
    // Typing into a field is one undo step: keystrokes in quick succession, and a whole rename.
    const typing = (name: string, field: string): EditStep => ({ key: `${side}:${name}:${field}` });
    return {
      rename: (from, to, stepKey) => {
        const step: EditStep = stepKey ? { key: `${side}:rename:${stepKey}`, mergeWithin: Number.POSITIVE_INFINITY } : {};
        if (side === 'inputs') onEdit((current) => renameInput(current, from, to, publishedInputs), step);
        else edit((current) => renameProperty(current, from, to), step);
        setFocusName(null);
      },
      remove: (name) =>
        side === 'inputs'
          ? onEdit((current) => removeInput(current, name, publishedInputs))
          : edit((current) => removeProperty(current, name)),
      move: (name, offset) => edit((current) => moveProperty(current, name, offset)),
      setType: (name, type, itemsType) => edit((current) => setPropertyType(current, name, type, itemsType)),
      setRequired: (name, required) => edit((current) => setRequired(current, name, required)),
      setDefault: (name, value) => edit((current) => setDefault(current, name, value), typing(name, 'default')),
      setEnum: (name, values) => edit((current) => setEnum(current, name, values), typing(name, 'enum')),
      setDescription: (name, description) => edit((current) => setDescription(current, name, description), typing(name, 'description')),
      ...(side === 'inputs' ? { setSecret: (name: string, secret: boolean) => onEdit((current) => setSecret(current, name, secret)) } : {}),
    };
  }, [editSchema, onEdit, publishedInputs, side]);

  const switchView = (next: View) => {
    if (next === view) return;
    if (next === 'json') {
      setJsonText((previous) => ({ ...previous, [side]: formatSchemaJson(schema) }));
      setJsonToken((token) => token + 1);
    } else {
      // Leaving the JSON view with text that is not a schema would lose it: stay until it is fixed.
      if (jsonProblem) return;
      setJsonText({ inputs: null, outputs: null });
      setGeneration((value) => value + 1);
    }
    setView(next);
  };

  const switchSide = (next: ContractSide) => {
    if (next === side) return;
    if (view === 'json') {
      if (jsonProblem) return;
      const texts: Record<ContractSide, string | null> = { inputs: null, outputs: null };
      texts[next] = formatSchemaJson(content[SCHEMA_KEY[next]]);
      setJsonText(texts);
      setJsonToken((token) => token + 1);
    }
    onSideChange(next);
  };

  const onJsonChange = (value: string) => {
    setJsonText((previous) => ({ ...previous, [side]: value }));
    const result = parseSchemaJson(value);
    onPending(
      `json:${side}`,
      result.ok
        ? null
        : `The ${side === 'inputs' ? 'input' : 'output'} schema (JSON view): ${result.message}${result.line ? ` (line ${result.line})` : ''}`,
    );
    if (result.ok) editSchema(side, () => result.schema, { key: `${side}:json` });
  };

  const upgradeLines = describeUpgrade(content.upgrade);
  const sideProblem = problem && problem.area === side ? problem : null;
  const jsonDisplayed = view === 'json' && text !== null;

  return (
    <div className="contract-editor" data-testid="contract-editor" data-side={side} data-view={view}>
      <div className="contract-editor__bar">
        <Segmented
          label="Contract side"
          name="contract-side"
          value={side}
          onChange={switchSide}
          testIdPrefix="contract-side"
          options={[
            { value: 'inputs', label: `Inputs (${Object.keys(propertiesOf(content.inputSchema)).length})` },
            { value: 'outputs', label: `Outputs (${Object.keys(propertiesOf(content.outputSchema)).length})` },
          ]}
        />
        <Segmented
          label="Contract view"
          name="contract-view"
          value={view}
          onChange={switchView}
          testIdPrefix="contract-view"
          options={[
            { value: 'form', label: 'Form' },
            { value: 'json', label: 'JSON' },
          ]}
        />
        <span className="toolbar__spacer" />
        {!readOnly && view === 'form' && (
          <button
            type="button"
            className="button button--small"
            onClick={() => {
              const added = addProperty(schema, { base: side === 'inputs' ? 'input' : 'output' });
              if (side === 'inputs') onEdit((current) => restoreRemovedInput({ ...current, inputSchema: added.schema }, added.name));
              else editSchema(side, () => added.schema);
              setFocusName(added.name);
            }}
            data-testid="add-property"
          >
            <Icon name="plus" size={14} />
            {side === 'inputs' ? 'Add input' : 'Add output'}
          </button>
        )}
      </div>

      {sideProblem && !jsonDisplayed && sideProblem.property === null && (
        <div className="inline-problem" role="alert" data-testid="contract-problem">
          <Icon name="alert" size={14} />
          <span>
            {sideProblem.message}
            {sideProblem.pointer && <span className="mono"> ({sideProblem.pointer})</span>}
          </span>
        </div>
      )}

      {view === 'json' ? (
        <div className="contract-editor__json">
          {jsonProblem && (
            <div className="inline-problem" role="alert" data-testid="contract-json-problem">
              <Icon name="alert" size={14} />
              <span>
                {jsonProblem.message}
                {jsonProblem.line ? ` — line ${jsonProblem.line}, column ${jsonProblem.column}.` : '.'} The form and saving wait until it is
                fixed.
              </span>
            </div>
          )}
          {sideProblem && (
            <div className="inline-problem" role="alert" data-testid="contract-problem">
              <Icon name="alert" size={14} />
              <span>
                {sideProblem.message}
                {sideProblem.pointer && <span className="mono"> (at {sideProblem.pointer})</span>}
              </span>
            </div>
          )}
          <div className="code-stage contract-editor__json-stage" data-testid="contract-json-editor">
            <Suspense fallback={<div className="page__loading">Starting the editor…</div>}>
              <CodeEditor
                modelPath={contractModelPath(componentName, side, version)}
                language="json"
                code={text ?? formatSchemaJson(schema)}
                loadToken={jsonToken}
                theme={theme}
                readOnly={readOnly}
                readOnlyMessage={`Version ${version} is published and cannot change; edit the draft.`}
                ariaLabel={`${side === 'inputs' ? 'Input' : 'Output'} schema as JSON`}
                onChange={onJsonChange}
                shortcuts={shortcuts}
                onShortcut={onShortcut}
              />
            </Suspense>
          </div>
        </div>
      ) : (
        <div className="contract-editor__form">
          <PropertiesTable
            kind={side}
            schema={schema}
            rows={rows}
            secretInputs={content.secretInputs}
            readOnly={readOnly}
            generation={generation}
            problem={sideProblem?.property ? { property: sideProblem.property, message: sideProblem.message } : null}
            focusName={focusName}
            actions={actions}
            onPending={onPending}
          />
          {side === 'inputs' && upgradeLines.length > 0 && (
            <div className="contract-editor__upgrade" data-testid="upgrade-note">
              <strong>When deployments upgrade to the next version:</strong>
              <ul>
                {upgradeLines.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
