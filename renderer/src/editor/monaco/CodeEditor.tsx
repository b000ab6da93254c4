import Editor from '@monaco-editor/react';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { summarizeMarkers, type MarkerSummary } from './marker-summary';
import { setupMonaco, type MonacoEditor } from './monaco-setup';

const monaco = setupMonaco();

export interface CodeEditorProps {
  /** Model URI, e.g. `file:///components/<id>/<name>.ts`; one model per document. */
  modelPath: string;
  code: string;
  /** Changing it replaces the model's text with `code` (after opening or reloading from the server). */
  loadToken: number;
  theme: 'light' | 'dark';
  onChange(code: string): void;
  onMarkers(summary: MarkerSummary): void;
}

/**
 * A TypeScript editor bound to one Monaco model. The model is managed here rather than through the
 * wrapper's `path`/`value` props so that a reload from the server always replaces stale text.
 */
export function CodeEditor({ modelPath, code, loadToken, theme, onChange, onMarkers }: CodeEditorProps) {
  const [editor, setEditor] = useState<MonacoEditor | null>(null);
  const callbacks = useRef({ onChange, onMarkers, code });
  useLayoutEffect(() => {
    callbacks.current = { onChange, onMarkers, code };
  });

  useEffect(() => {
    if (!editor) return;
    const uri = monaco.Uri.parse(modelPath);
    const initial = callbacks.current.code;
    let model = monaco.editor.getModel(uri);
    if (!model) model = monaco.editor.createModel(initial, 'typescript', uri);
    else if (model.getValue() !== initial) model.setValue(initial);
    editor.setModel(model);
    const current = model;
    const report = () => callbacks.current.onMarkers(summarizeMarkers(monaco, monaco.editor.getModelMarkers({ resource: uri })));
    report();
    const markers = monaco.editor.onDidChangeMarkers((uris) => {
      if (uris.some((changed) => changed.toString() === uri.toString())) report();
    });
    const content = current.onDidChangeContent(() => callbacks.current.onChange(current.getValue()));
    return () => {
      markers.dispose();
      content.dispose();
    };
  }, [editor, modelPath, loadToken]);

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
      }}
      onMount={(mounted) => setEditor(mounted)}
    />
  );
}
