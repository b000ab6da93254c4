import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import TypeScriptWorker from 'monaco-editor/languages/features/typescript/ts.worker?worker';
import { PULUMI_AMBIENT_TYPES } from './pulumi-ambient-types';

let configured = false;

/**
 * The one place that configures Monaco. It is bundled (never fetched: the CSP allows only our own
 * scripts), its workers come from our own chunks, and the TypeScript service checks components as
 * strictly as the engine will compile them.
 */
export function setupMonaco(): typeof monaco {
  if (configured) return monaco;
  configured = true;

  self.MonacoEnvironment = {
    getWorker(_workerId, label) {
      return label === 'typescript' || label === 'javascript' ? new TypeScriptWorker() : new EditorWorker();
    },
  };

  const defaults = monaco.typescript.typescriptDefaults;
  defaults.setCompilerOptions({
    target: monaco.typescript.ScriptTarget.ES2020,
    module: monaco.typescript.ModuleKind.ESNext,
    moduleResolution: monaco.typescript.ModuleResolutionKind.NodeJs,
    lib: ['es2022'],
    strict: true,
    noEmit: true,
    allowNonTsExtensions: true,
    esModuleInterop: true,
    skipLibCheck: true,
  });
  defaults.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false, noSuggestionDiagnostics: true });
  // Sync every open model so types shared between components resolve, not only the visible file.
  defaults.setEagerModelSync(true);
  defaults.addExtraLib(PULUMI_AMBIENT_TYPES, 'file:///node_modules/@types/pulumi__pulumi/index.d.ts');

  // Without this, @monaco-editor/react downloads Monaco from a CDN.
  loader.config({ monaco });
  return monaco;
}

export type Monaco = typeof monaco;
export type MonacoEditor = monaco.editor.IStandaloneCodeEditor;
export type MonacoMarker = monaco.editor.IMarker;
