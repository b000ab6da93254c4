import type { NimbusApi } from '../../../../engine/api/contract';
import { toApiError } from '../../api/api-error';
import { fallbackLibraries, setupMonaco, type MonacoDisposable } from './monaco-setup';
import { declaredPackages, typingsLibraries } from './typings-files';

/** Whether the editor knows the SDKs of a component's provider. */
export type TypingsStatus = { state: 'loading' } | { state: 'ready'; packages: string[] } | { state: 'unavailable'; message: string };

const monaco = setupMonaco();
const requests = new Map<string, Promise<TypingsStatus>>();
const registered = new Map<string, MonacoDisposable>();

/** Registers declaration files as TypeScript extra libraries, each URI once. */
function register(libraries: { uri: string; content: string }[]): void {
  const defaults = monaco.typescript.typescriptDefaults;
  for (const { uri, content } of libraries) {
    if (registered.has(uri)) continue;
    registered.set(uri, defaults.addExtraLib(content, uri));
  }
  if (libraries.some((library) => library.uri === 'file:///node_modules/@pulumi/pulumi/index.d.ts')) {
    fallbackLibraries.pulumi?.dispose();
    fallbackLibraries.pulumi = null;
  }
  if (libraries.some((library) => library.uri.startsWith('file:///node_modules/@types/node/'))) {
    fallbackLibraries.node?.dispose();
    fallbackLibraries.node = null;
  }
}

/**
 * Loads the declarations of the Pulumi SDK and the provider's SDK from the engine (bundled with it:
 * no network) and registers them under `file:///node_modules`, once per provider. A failure is not
 * remembered, so opening a component again retries (an older engine may not serve them yet).
 */
export function ensureEditorTypings(api: NimbusApi, provider: string): Promise<TypingsStatus> {
  const known = requests.get(provider);
  if (known) return known;
  const request = api.getEditorTypings({ provider }).then(
    ({ files }): TypingsStatus => {
      register(typingsLibraries(files));
      return { state: 'ready', packages: declaredPackages(files) };
    },
    (error: unknown): TypingsStatus => {
      requests.delete(provider);
      const apiError = toApiError(error);
      // An older engine answers a method it does not have with `unknown_method`.
      const missing = apiError.code === 'unknown_method';
      return {
        state: 'unavailable',
        message: missing
          ? 'This engine does not serve SDK types yet, so completions cover only the basics of @pulumi/pulumi. Update Nimbus to get the full SDKs.'
          : `SDK types could not be loaded (${apiError.message}); completions cover only the basics of @pulumi/pulumi. Reopen the component to try again.`,
      };
    },
  );
  requests.set(provider, request);
  return request;
}

let componentTypes: MonacoDisposable | null = null;
let componentTypesText = '';

/** Replaces the ambient declarations of the open component (`ComponentArgs`, `args`, …). */
export function setComponentTypes(text: string): void {
  if (text === componentTypesText && componentTypes) return;
  componentTypes?.dispose();
  componentTypesText = text;
  componentTypes = monaco.typescript.typescriptDefaults.addExtraLib(text, 'file:///nimbus/component-args.d.ts');
}
