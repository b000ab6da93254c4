import type { NimbusApi } from '../../../engine/api/contract';
import type { ApiConnection } from './connection';
import { createIpcConnection } from './ipc-connection';
import { createWebSocketConnection } from './websocket-connection';
import { WEBSOCKET_PATH } from './wire-messages';

declare global {
  interface Window {
    /** Installed by the Electron preload script; absent in the browser shell. */
    nimbus?: NimbusApi;
  }
}

let current: ApiConnection | undefined;

/** `ws://host/api/ws` for the page's own origin, which is the only one the CSP allows. */
export function webSocketUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WEBSOCKET_PATH}`;
}

/** The one connection of this window: Electron's bridge when present, otherwise the WebSocket client. */
export function getApiConnection(): ApiConnection {
  current ??= window.nimbus ? createIpcConnection(window.nimbus) : createWebSocketConnection({ url: webSocketUrl(window.location) });
  return current;
}

export function getNimbusApi(): NimbusApi {
  return getApiConnection().api;
}
