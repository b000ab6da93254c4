import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';
import TypeScriptWorker from 'monaco-editor/languages/features/typescript/ts.worker?worker';
import { CONTRACT_META_SCHEMA, CONTRACT_SCHEMA_FILES } from './contract-meta-schema';
import { NODE_GLOBALS } from './node-globals';
import { PULUMI_AMBIENT_TYPES } from './pulumi-ambient-types';

let configured = false;

/** Stand-ins registered at start-up, dropped once the engine's real declarations are registered. */
export const fallbackLibraries: { pulumi: monaco.IDisposable | null; node: monaco.IDisposable | null } = { pulumi: null, node: null };

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
      if (label === 'typescript' || label === 'javascript') return new TypeScriptWorker();
      if (label === 'json') return new JsonWorker();
      return new EditorWorker();
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
    // Only the declarations registered here: nothing is looked up in an @types folder that is not there.
    types: [],
  });
  defaults.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false, noSuggestionDiagnostics: true });
  // Sync every open model so types shared between components resolve, not only the visible file.
  defaults.setEagerModelSync(true);
  fallbackLibraries.pulumi = defaults.addExtraLib(PULUMI_AMBIENT_TYPES, 'file:///node_modules/@types/pulumi__pulumi/index.d.ts');
  fallbackLibraries.node = defaults.addExtraLib(NODE_GLOBALS, 'file:///nimbus/node-globals.d.ts');

  // Contracts edited as JSON are checked against what a contract may contain; nothing is fetched.
  monaco.json.jsonDefaults.setDiagnosticsOptions({
    validate: true,
    allowComments: false,
    enableSchemaRequest: false,
    schemas: [{ uri: 'nimbus://schemas/component-contract.json', fileMatch: CONTRACT_SCHEMA_FILES, schema: CONTRACT_META_SCHEMA }],
  });

  // Without this, @monaco-editor/react downloads Monaco from a CDN.
  loader.config({ monaco });
  return monaco;
}

export type Monaco = typeof monaco;
export type MonacoEditor = monaco.editor.IStandaloneCodeEditor;
export type MonacoMarker = monaco.editor.IMarker;
export type MonacoDisposable = monaco.IDisposable;
