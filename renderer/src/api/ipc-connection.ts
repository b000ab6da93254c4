import type { MethodName, NimbusApi } from '../../../engine/api/contract';
import { ApiError, toApiError } from './api-error';
import { buildApi } from './build-api';
import type { ApiConnection } from './connection';

/**
 * Electron: the preload script's `window.nimbus` already speaks the contract. Errors are rewrapped
 * because IPC flattens them into plain `Error`s, and screens rely on ApiError's `code`.
 */
export function createIpcConnection(bridge: NimbusApi): ApiConnection {
  const call = async (method: MethodName, input: unknown): Promise<unknown> => {
    // Each bridge method has its own input type; the caller already typed `input` against the contract.
    const invoke = bridge[method] as ((input: unknown) => Promise<unknown>) | undefined;
    // A bridge from another build may lack a method: the same answer an engine gives for one it lacks.
    if (typeof invoke !== 'function') throw new ApiError('unknown_method', `Unknown API method ${method}`, { method });
    try {
      return await invoke.call(bridge, input);
    } catch (error) {
      throw toApiError(error);
    }
  };
  return {
    api: buildApi(
      call,
      (listener) => bridge.onJobEvent(listener),
      // A bridge from an older build has no approval events; screens then read again instead.
      bridge.onApprovalEvent ? (listener) => bridge.onApprovalEvent?.(listener) ?? (() => undefined) : undefined,
      bridge.onTopologyEvent ? (listener) => bridge.onTopologyEvent?.(listener) ?? (() => undefined) : undefined,
    ),
    transport: 'ipc',
    getState: () => ({ status: 'open' }),
    onStateChange: () => () => undefined,
    dispose: () => undefined,
  };
}
