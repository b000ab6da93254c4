import path from 'node:path';
import { editorTypings } from '../../components/editor-typings.js';
import { tryComponent } from '../../components/try-component.js';
import type { Services } from '../../services.js';
import type { Handlers } from '../dispatcher.js';

type ComponentToolHandlers = Pick<Handlers, 'tryComponent' | 'getEditorTypings'>;

/** API methods behind the component editor: a mocked run of a program, and the SDK types it completes against. */
export function componentToolHandlers(services: Services, dataDir: string): ComponentToolHandlers {
  return {
    tryComponent: async ({ name, version, code, params }) => {
      const detail = await services.components.get(services.viewer, name);
      const content = typeof version === 'number' ? await services.components.version(services.viewer, name, version) : detail.draft;
      return tryComponent({
        component: name,
        code: code ?? content.code,
        inputSchema: content.inputSchema,
        secretInputs: content.secretInputs,
        params,
        // Mocked resources never reach a provider, so nothing is written here.
        ...(detail.provider === 'local' ? { extraConfig: { localRoot: path.join(dataDir, 'local', 'try') } } : {}),
      });
    },
    getEditorTypings: ({ provider }) => ({ files: editorTypings(provider) }),
  };
}
