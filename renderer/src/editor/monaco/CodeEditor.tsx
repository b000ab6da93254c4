import Editor from '@monaco-editor/react';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { toMonacoKeybinding } from './key-bindings';
import { summarizeMarkers, type MarkerSummary } from './marker-summary';
import { setupMonaco, type MonacoEditor } from './monaco-setup';

const monaco = setupMonaco();

/** A place in the text to show: `token` changes to show the same place again. */
export interface RevealRequest {
  line: number;
  column: number;
  token: number;
}

export interface CodeEditorProps {
  /** Model URI, e.g. `file:///components/<name>/<name>.ts`; one model per document. */
  modelPath: string;
  language: 'typescript' | 'json';
  code: string;
  /** Changing it replaces the model's text with `code` (after opening or reloading from the server). */
  loadToken: number;
  theme: 'light' | 'dark';
  readOnly?: boolean;
  /** Shown when someone types into a read-only editor. */
  readOnlyMessage?: string;
  /** Accessible name of the text area. */
  ariaLabel: string;
  onChange(code: string): void;
  onMarkers?(summary: MarkerSummary): void;
  /** Key bindings (`Mod+Enter`) that belong to the page even while typing here. */
  shortcuts?: readonly string[];
  onShortcut?(binding: string): void;
  reveal?: RevealRequest | null;
}

/**
 * A Monaco editor bound to one model. The model is managed here rather than through the wrapper's
 * `path`/`value` props so that a reload from the server always replaces stale text.
 */
export function CodeEditor({
  modelPath,
  language,
  code,
  loadToken,
  theme,
  readOnly = false,
  readOnlyMessage,
  ariaLabel,
  onChange,
  onMarkers,
  shortcuts = [],
  onShortcut,
  reveal,
}: CodeEditorProps) {
  const [editor, setEditor] = useState<MonacoEditor | null>(null);
  const callbacks = useRef({ onChange, onMarkers, onShortcut, code });
  useLayoutEffect(() => {
    callbacks.current = { onChange, onMarkers, onShortcut, code };
  });

  useEffect(() => {
    if (!editor) return;
    const uri = monaco.Uri.parse(modelPath);
    const initial = callbacks.current.code;
    let model = monaco.editor.getModel(uri);
    if (!model) model = monaco.editor.createModel(initial, language, uri);
    else if (model.getValue() !== initial) model.setValue(initial);
    editor.setModel(model);
    const current = model;
    const report = () => callbacks.current.onMarkers?.(summarizeMarkers(monaco, monaco.editor.getModelMarkers({ resource: uri })));
    report();
    const markers = monaco.editor.onDidChangeMarkers((uris) => {
      if (uris.some((changed) => changed.toString() === uri.toString())) report();
    });
    const content = current.onDidChangeContent(() => callbacks.current.onChange(current.getValue()));
    return () => {
      markers.dispose();
      content.dispose();
    };
  }, [editor, modelPath, language, loadToken]);

  useEffect(() => {
    editor?.updateOptions({ readOnly, readOnlyMessage: readOnlyMessage ? { value: readOnlyMessage } : undefined, ariaLabel });
  }, [editor, readOnly, readOnlyMessage, ariaLabel]);

  const shortcutKey = shortcuts.join(' ');
  useEffect(() => {
    if (!editor || shortcutKey === '') return;
    // addAction returns a disposable (addCommand does not), so bindings go away with the editor or the list.
    const actions = shortcutKey.split(' ').flatMap((binding, index) => {
      const keybinding = toMonacoKeybinding(monaco, binding);
      if (keybinding === null) return [];
      return [
        editor.addAction({
          id: `nimbus.shortcut.${index}.${binding}`,
          label: binding,
          keybindings: [keybinding],
          run: () => callbacks.current.onShortcut?.(binding),
        }),
      ];
    });
    return () => actions.forEach((action) => action.dispose());
  }, [editor, shortcutKey]);

  useEffect(() => {
    if (!editor || !reveal) return;
    const position = { lineNumber: reveal.line, column: Math.max(1, reveal.column) };
    editor.setPosition(position);
    editor.revealPositionInCenter(position);
    editor.focus();
  }, [editor, reveal]);

  return (
    <Editor
      theme={theme === 'dark' ? 'vs-dark' : 'vs'}
      loading={<div className="page__loading">Starting the editor…</div>}
      options={{
        automaticLayout: true,
        fontSize: 13,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        tabSize: 2,
        renderLineHighlight: 'line',
        fixedOverflowWidgets: true,
        readOnly,
        ariaLabel,
      }}
      onMount={(mounted) => setEditor(mounted)}
    />
  );
}
