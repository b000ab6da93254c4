import type { NimbusApi } from '../../../engine/api/contract';

/** Where the API calls go; shown in the status bar. */
export type Transport = 'ipc' | 'websocket';

export type ConnectionState =
  { status: 'connecting' } | { status: 'open' } | { status: 'reconnecting'; attempt: number; retryAt: number } | { status: 'closed' };

/** The API plus what a client needs to show about the link to the engine. */
export interface ApiConnection {
  readonly api: NimbusApi;
  readonly transport: Transport;
  getState(): ConnectionState;
  /** Called on every state change; returns the function that unsubscribes. */
  onStateChange(listener: (state: ConnectionState) => void): () => void;
  dispose(): void;
}
