import { parseNodesPayload, type NodesPayload } from './clipboard-payload';

/** How long to wait for the system clipboard before falling back (a permission prompt can hang). */
const CLIPBOARD_TIMEOUT_MS = 500;

const withTimeout = <T>(promise: Promise<T>): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('clipboard timed out')), CLIPBOARD_TIMEOUT_MS);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });

/**
 * Copied nodes, on the system clipboard as JSON (so they paste into another window of the app) and in
 * memory as well, for when the clipboard is denied or holds something else.
 */
export interface NodeClipboard {
  write(payload: NodesPayload): Promise<void>;
  read(): Promise<NodesPayload | null>;
}

export function createNodeClipboard(
  system: Pick<Clipboard, 'readText' | 'writeText'> | undefined = globalThis.navigator?.clipboard,
): NodeClipboard {
  let memory: NodesPayload | null = null;
  return {
    async write(payload) {
      memory = payload;
      if (!system) return;
      try {
        await withTimeout(system.writeText(JSON.stringify(payload)));
      } catch {
        // Denied or unavailable: the in-memory copy still pastes in this window.
      }
    },
    async read() {
      if (system) {
        try {
          const payload = parseNodesPayload(await withTimeout(system.readText()));
          if (payload) return payload;
        } catch {
          // Denied: fall back to what this window copied.
        }
      }
      return memory;
    },
  };
}

/** One clipboard for the whole window, shared by every canvas. */
export const nodeClipboard: NodeClipboard = createNodeClipboard();
